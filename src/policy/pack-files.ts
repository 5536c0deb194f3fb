/**
 * The only I/O of the policy layer: reading pack files from a directory (the shipped `policies/`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors.ts';
import { buildCatalog, type PackCatalog, type PackInput, parsePackText } from './pack-loader.ts';

/** The packs that ship with doudi. */
export const SHIPPED_POLICIES_DIR = fileURLToPath(new URL('../../policies/', import.meta.url));

const PACK_FILE = /\.(ya?ml|json)$/i;

/** Reads and validates every `*.yaml`, `*.yml` and `*.json` file of a directory (not recursive), by name. */
export async function readPackDirectory(dir: string = SHIPPED_POLICIES_DIR): Promise<PackInput[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => PACK_FILE.test(n)).sort();
  } catch {
    throw new AppError('POLICY_NOT_FOUND', `无法读取政策参数包目录 ${dir}`);
  }
  const errors: string[] = [];
  const out: PackInput[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    try {
      out.push({ pack: parsePackText(text, name), source: name });
    } catch (e) {
      if (e instanceof AppError) errors.push(e.detail ?? e.message);
      else throw e;
    }
  }
  if (errors.length > 0) throw new AppError('POLICY_INVALID', errors.join('；'));
  return out;
}

/** Reads one pack file. */
export async function readPackFile(path: string): Promise<PackInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AppError('POLICY_NOT_FOUND', `无法读取政策参数包文件 ${path}`);
  }
  return { pack: parsePackText(text, path), source: path };
}

/** The catalog of a directory's packs (default: the shipped packs). */
export async function loadCatalog(dir: string = SHIPPED_POLICIES_DIR): Promise<PackCatalog> {
  return buildCatalog(await readPackDirectory(dir));
}
