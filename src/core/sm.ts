/** SM3 hashing (GB/T 32905) from node:crypto, for the audit chain. */
import { createHash } from 'node:crypto';

export const sm3Hex = (data: string): string => createHash('sm3').update(data).digest('hex');

/** Canonical JSON: object keys sorted, so the same content always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
}
