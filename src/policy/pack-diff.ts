/**
 * Comparing packs: canonical JSON (content equality regardless of key order and formatting) and the
 * field-by-field differences shown side by side in the policy browser.
 */
import type { PolicyPack } from './pack-schema.ts';

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sorted-key JSON, for comparing pack contents regardless of key order or formatting. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface PackDifference {
  /** `standards.dibao.urban` */
  path: string;
  a: unknown;
  b: unknown;
}

function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(path, value);
  }
}

/**
 * Field-by-field differences between two packs (two versions, or two jurisdictions), for the policy
 * browser. Lists compare as whole values.
 */
export function diffPacks(a: PolicyPack, b: PolicyPack): PackDifference[] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  const out: PackDifference[] = [];
  for (const path of paths) {
    const va = fa.get(path);
    const vb = fb.get(path);
    if (canonicalJson(va) !== canonicalJson(vb)) out.push({ path, a: va ?? null, b: vb ?? null });
  }
  return out;
}
