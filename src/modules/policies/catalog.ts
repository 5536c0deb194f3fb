/**
 * The catalog in force: the packs shipped in `policies/` plus every version published into the
 * database. Built once and kept in memory per database; each read checks a one-row stamp of the
 * published table, so a version published by another server process is seen on the next request,
 * and this process drops its copy right after publishing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from '../../db/types.ts';
import { readPackDirectory, SHIPPED_POLICIES_DIR } from '../../policy/pack-files.ts';
import {
  buildCatalog,
  type PackCatalog,
  type PackInput,
  packKey,
  parsePackText,
} from '../../policy/pack-loader.ts';
import * as repo from './repository.ts';

export type PackOrigin =
  | { kind: 'shipped'; file: string }
  | { kind: 'published'; publishedAt: string; publishedBy: string; reason: string };

export interface PolicyCatalog {
  catalog: PackCatalog;
  /** Pack key (`id@version`) → where it came from. */
  origins: ReadonlyMap<string, PackOrigin>;
  /** Pack key → the text as written (YAML or JSON, with its comments). */
  texts: ReadonlyMap<string, string>;
}

type Shipped = { inputs: PackInput[]; texts: Map<string, string> };

let shippedLoad: Promise<Shipped> | null = null;

/** The shipped packs, read once per process (they change only with a new release). */
function shippedPacks(): Promise<Shipped> {
  shippedLoad ??= (async () => {
    const inputs = await readPackDirectory(SHIPPED_POLICIES_DIR);
    const texts = new Map<string, string>();
    for (const input of inputs) {
      texts.set(packKey(input.pack), await readFile(join(SHIPPED_POLICIES_DIR, input.source!), 'utf8'));
    }
    return { inputs, texts };
  })().catch((e: unknown) => {
    shippedLoad = null;
    throw e;
  });
  return shippedLoad;
}

export const publishedSource = (id: string, version: number): string => `已发布的 ${id} 第${version}版`;

const iso = (v: Date | string): string => new Date(v).toISOString();

/**
 * Builds the catalog from the shipped packs and the given published rows. Throws POLICY_INVALID when
 * they do not fit together (a published row that no longer validates, or a shipped version that
 * collides with a published one) — loudly, because a silently skipped version changes decisions.
 */
export async function composeCatalog(rows: readonly repo.PolicyVersionRecord[]): Promise<PolicyCatalog> {
  const shipped = await shippedPacks();
  const origins = new Map<string, PackOrigin>();
  const texts = new Map<string, string>(shipped.texts);
  const inputs: PackInput[] = [...shipped.inputs];
  for (const input of shipped.inputs)
    origins.set(packKey(input.pack), { kind: 'shipped', file: input.source! });
  for (const row of rows) {
    const source = publishedSource(row.id, row.version);
    inputs.push({ pack: parsePackText(row.content, source), source });
    const key = packKey(row);
    texts.set(key, row.content);
    origins.set(key, {
      kind: 'published',
      publishedAt: iso(row.published_at),
      publishedBy: row.published_by_name,
      reason: row.reason,
    });
  }
  return { catalog: buildCatalog(inputs), origins, texts };
}

type Cached = { stamp: string; value: Promise<PolicyCatalog> };
const cache = new WeakMap<object, Cached>();

/** The catalog in force for this database (shipped + published), from memory when unchanged. */
export async function policyCatalog(db: Queryable): Promise<PolicyCatalog> {
  const stamp = await repo.stamp(db);
  const hit = cache.get(db);
  if (hit && hit.stamp === stamp) return hit.value;
  const value = repo.listAll(db).then(composeCatalog);
  cache.set(db, { stamp, value });
  value.catch(() => {
    if (cache.get(db)?.value === value) cache.delete(db);
  });
  return value;
}

/** Drops the cached catalog (after publishing), so the next read rebuilds it. */
export function forgetCatalog(db: Queryable): void {
  cache.delete(db);
}
