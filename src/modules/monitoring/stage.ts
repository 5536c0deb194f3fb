/**
 * From parsed feed rows to chunks ready for the database: each valid row encrypted (SM4) and
 * blind-indexed (SM3-HMAC), its facts without the ID number, serialised as a CSV line for COPY into
 * the staging table (`load-repo.ts`); rejected rows as Chinese messages with their row numbers.
 * Runs on the importing thread or in the staging worker (`stage-worker.ts`).
 */
import { blindIndexHex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import type { FeedType } from './feeds/feed-types.ts';
import { type FeedItem, isValidRow, type ValidRow } from './feeds/parse.ts';
import { deriveRowHashKey } from './feeds/row-hash.ts';

/** Valid rows per database transaction. */
export const CHUNK_ROWS = 20_000;
/** Row errors kept per batch (all are counted). */
export const MAX_STORED_ERRORS = 10_000;

export type RowError = { rowNumber: number; message: string };

export type StagedChunk = {
  /** CSV lines of the valid rows (columns of `STAGE_COLUMNS`). */
  csv: string;
  /** Valid rows in `csv`. */
  rows: number;
  /** Rows read for this chunk (valid and rejected). */
  read: number;
  rejected: number;
  /** Messages of rejected rows, until `MAX_STORED_ERRORS` over the whole file. */
  errors: RowError[];
  /** Bytes of the file read so far. */
  bytesRead: number;
};

const hashKeys = new WeakMap<Buffer, Buffer>();

/** The key of feed row hashes, derived from the blind-index key. */
export function rowHashKey(keys: RegistryKeys): Buffer {
  let k = hashKeys.get(keys.index);
  if (!k) {
    k = deriveRowHashKey(keys.index);
    hashKeys.set(keys.index, k);
  }
  return k;
}

const hex = (b: Buffer): string => `\\x${b.toString('hex')}`;
const PLAIN = /^[^",\r\n]+$/;
/** A CSV field for COPY: plain text as is, anything else quoted (an empty string must be quoted). */
const field = (s: string): string => (PLAIN.test(s) && s.trim() === s ? s : `"${s.replaceAll('"', '""')}"`);

/**
 * Valid rows as CSV lines for the staging table: identity encrypted and blind-indexed, facts without
 * the ID number (an ID inside the row, the 防止返贫 household head's, only as its blind index).
 */
export function stageCsv(keys: RegistryKeys, items: ReadonlyArray<ValidRow<FeedType>>): string {
  if (items.length === 0) return '';
  const ids = items.map((v) => (v.row as { id_number: string }).id_number);
  const ciphers = encryptIds(keys, ids);
  const lines: string[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    const row = v.row as Record<string, unknown>;
    const id = ids[i]!;
    const facts: Record<string, unknown> = {};
    let head = '';
    for (const key in row) {
      if (key === 'id_number' || key === 'name') continue;
      const value = row[key];
      if (key === 'household_head_id' && typeof value === 'string') {
        head = `\\x${blindIndexHex(keys, value)}`;
        facts[key] = null;
      } else facts[key] = value;
    }
    lines[i] =
      `${v.rowNumber},\\x${v.hash},\\x${blindIndexHex(keys, id)},${hex(ciphers[i]!)},${maskIdNumber(id)},${head},` +
      `${field(row.name as string)},${id.slice(0, 6)}000000,"${JSON.stringify(facts).replaceAll('"', '""')}"\n`;
  }
  return lines.join('');
}

/** Parsed rows in staged chunks of `CHUNK_ROWS` valid rows (the last one smaller). */
export async function* stageChunks(
  keys: RegistryKeys,
  batches: AsyncIterable<readonly FeedItem<FeedType>[]> | Iterable<readonly FeedItem<FeedType>[]>,
  bytesRead: () => number = () => 0,
  chunkRows = CHUNK_ROWS,
): AsyncGenerator<StagedChunk> {
  let valid: ValidRow<FeedType>[] = [];
  let errors: RowError[] = [];
  let read = 0;
  let rejected = 0;
  let kept = 0;
  const take = (): StagedChunk => {
    const chunk = {
      csv: stageCsv(keys, valid),
      rows: valid.length,
      read,
      rejected,
      errors,
      bytesRead: bytesRead(),
    };
    valid = [];
    errors = [];
    read = 0;
    rejected = 0;
    return chunk;
  };
  for await (const batch of batches) {
    for (const item of batch) {
      read++;
      if (isValidRow(item)) {
        valid.push(item);
        continue;
      }
      rejected++;
      if (kept < MAX_STORED_ERRORS) {
        errors.push({ rowNumber: item.rowNumber, message: item.errors.join('；') });
        kept++;
      }
    }
    if (valid.length >= chunkRows) yield take();
  }
  if (read > 0) yield take();
}
