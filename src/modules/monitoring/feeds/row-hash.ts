/**
 * The content hash of a feed row: a keyed SHA3-256 over the feed type and the row's normalised
 * values in column order. The same fact sent again (another file, another encoding, `2025/1/8`
 * instead of `2025-01-08`, `1,200` instead of `1200.00`) gets the same hash, so a re-import of the
 * row is recognised and adds nothing.
 *
 * The hash is keyed because the row holds an ID number: an unkeyed hash of (ID, name, date) could be
 * reversed by trying ID numbers. The key is a secret prefix, which is a sound MAC for SHA-3 (it has
 * no length extension, unlike SHA-256) and costs a third of an HMAC-SHA256 per row. Derive the key
 * from the blind-index key with `deriveRowHashKey`; rotating that key changes every row hash.
 */
import { createHmac, hash } from 'node:crypto';
import { ByteWriter } from './byte-writer.ts';
import { type ColumnSpec, FEEDS, type FeedRow, type FeedType } from './feed-types.ts';

/** A 32-byte key of its own for row hashes, derived from a secret (the blind-index key). */
export function deriveRowHashKey(secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update('doudi/monitoring/feed-row-hash/v1').digest();
}

/** Canonical text of a row: JSON of [type, value of each column in column order] (null for absent). */
export function canonicalRow(type: FeedType, values: readonly unknown[]): string {
  return JSON.stringify([type, ...values]);
}

const prefixCache = new WeakMap<Uint8Array, Map<FeedType, Buffer>>();

/** What every hashed text of the type starts with: the key in hex, a line break, `["<type>"`. */
function prefixOf(key: Uint8Array, type: FeedType): Buffer {
  let byType = prefixCache.get(key);
  if (byType === undefined) {
    if (key.length < 16) throw new Error('row hash key must have at least 16 bytes');
    byType = new Map();
    prefixCache.set(key, byType);
  }
  let prefix = byType.get(type);
  if (prefix === undefined) {
    prefix = Buffer.from(`${Buffer.from(key).toString('hex')}\n[${JSON.stringify(type)}`, 'utf8');
    byType.set(type, prefix);
  }
  return prefix;
}

/** The hashed bytes (prefix and canonical text) are written here, never built as a string. */
const scratch = new ByteWriter();

/**
 * Hash (64 hex characters) of already-ordered values: the parser's path. SHA3-256 of the UTF-8 bytes
 * of the key in hex, a line break and `canonicalRow(type, values)`, written straight into a buffer.
 */
export function hashValues(type: FeedType, values: readonly unknown[], key: Uint8Array): string {
  const w = scratch.reset().bytes(prefixOf(key, type));
  for (let i = 0; i < values.length; i++) w.ascii(',').value(values[i]);
  return hash('sha3-256', w.ascii(']').view(), 'hex');
}

/** The content hash of a normalised row (e.g. one pushed through the API and validated). */
export function rowHash<T extends FeedType>(type: T, row: FeedRow<T>, key: Uint8Array): string {
  const values = (FEEDS[type].columns as readonly ColumnSpec[]).map(
    (c) => (row as Record<string, unknown>)[c.key] ?? null,
  );
  return hashValues(type, values, key);
}
