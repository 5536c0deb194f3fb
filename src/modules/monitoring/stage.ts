/**
 * From parsed feed rows to chunks ready for the database: each valid row encrypted (SM4) and
 * blind-indexed (SM3-HMAC), its facts without the ID number, serialised as a CSV line for COPY into
 * the staging table (`load-repo.ts`); rejected rows as Chinese messages with their row numbers.
 * Runs on the importing thread or in the staging worker (`stage-worker.ts`).
 */
import { blindIndex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import { ByteWriter } from './feeds/byte-writer.ts';
import type { FeedType } from './feeds/feed-types.ts';
import { type FeedItem, isValidRow, type ValidRow } from './feeds/parse.ts';
import { deriveRowHashKey } from './feeds/row-hash.ts';

/** Valid rows per database transaction. */
export const CHUNK_ROWS = 20_000;
/** Row errors kept per batch (all are counted). */
export const MAX_STORED_ERRORS = 10_000;

export type RowError = { rowNumber: number; message: string };

export type StagedChunk = {
  /** CSV lines of the valid rows (columns of `STAGE_COLUMNS`), UTF-8, in a buffer of their own. */
  csv: Uint8Array;
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

/** A name that needs no quoting as a CSV field (an empty one must be quoted). */
const PLAIN = /^[^",\r\n]+$/;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/**
 * Staged CSV lines, written as bytes: identity encrypted and blind-indexed, facts (JSON, quoted)
 * without the ID number (an ID inside the row, the 防止返贫 household head's, only as its blind index).
 * Byte for byte what `${…}` template strings once made of each row (stage.test.ts keeps them).
 */
class StageWriter {
  private readonly out = new ByteWriter(1 << 20);
  /** Rows written since the last `take`. */
  rows = 0;

  constructor(private readonly keys: RegistryKeys) {}

  add(items: ReadonlyArray<ValidRow<FeedType>>): void {
    const n = items.length;
    if (n === 0) return;
    const keys = this.keys;
    const w = this.out;
    const ids: string[] = new Array(n);
    for (let i = 0; i < n; i++) ids[i] = (items[i]!.row as { id_number: string }).id_number;
    const ciphers = encryptIds(keys, ids);
    for (let i = 0; i < n; i++) {
      const v = items[i]!;
      const row = v.row as Record<string, unknown>;
      const id = ids[i]!;
      w.number(v.rowNumber).ascii(',\\x').ascii(v.hash);
      w.ascii(',\\x').hex(blindIndex(keys, id)).ascii(',\\x').hex(ciphers[i]!).byte(COMMA);
      // maskIdNumber(id), and the county of the ID number: a validated ID has 18 ASCII characters.
      if (id.length === 18) w.asciiRange(id, 0, 3).ascii('***********').asciiRange(id, 14, 18);
      else w.text(maskIdNumber(id));
      w.byte(COMMA);
      const head = row.household_head_id;
      if (typeof head === 'string') w.ascii('\\x').hex(blindIndex(keys, head));
      w.byte(COMMA);
      const name = row.name as string;
      w.text(PLAIN.test(name) && name.trim() === name ? name : `"${name.replaceAll('"', '""')}"`);
      w.byte(COMMA);
      if (id.length === 18) w.asciiRange(id, 0, 6);
      else w.text(id.slice(0, 6));
      w.ascii('000000').byte(COMMA);
      this.writeFacts(row);
      w.byte(NEWLINE);
    }
    this.rows += n;
  }

  /**
   * The row's facts, without ID number and name and with a household head's ID as null, as a quoted
   * CSV field of JSON: `"${JSON.stringify(facts).replaceAll('"', '""')}"`.
   */
  private writeFacts(row: Record<string, unknown>): void {
    const w = this.out.ascii('"{');
    let first = true;
    for (const key in row) {
      if (key === 'id_number' || key === 'name') continue;
      const value = row[key];
      if (value === undefined) continue; // as JSON.stringify leaves it out
      if (!first) w.byte(COMMA);
      first = false;
      w.string(key, true).byte(COLON);
      if (key === 'household_head_id' && typeof value === 'string') w.ascii('null');
      else w.value(value, true);
    }
    w.ascii('}"');
  }

  /** The lines written (bytes that own their memory, transferable); starts over. */
  take(): Uint8Array {
    this.rows = 0;
    return this.out.take();
  }
}

/**
 * Valid rows as CSV lines for the staging table: identity encrypted and blind-indexed, facts without
 * the ID number (an ID inside the row, the 防止返贫 household head's, only as its blind index).
 */
export function stageCsv(keys: RegistryKeys, items: ReadonlyArray<ValidRow<FeedType>>): string {
  if (items.length === 0) return '';
  const w = new StageWriter(keys);
  w.add(items);
  const bytes = w.take();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

/**
 * Parsed rows in staged chunks of `CHUNK_ROWS` valid rows (the last one smaller); a chunk closes at
 * the end of the batch that fills it. Rows are staged batch by batch, as they arrive.
 */
export async function* stageChunks(
  keys: RegistryKeys,
  batches: AsyncIterable<readonly FeedItem<FeedType>[]> | Iterable<readonly FeedItem<FeedType>[]>,
  bytesRead: () => number = () => 0,
  chunkRows = CHUNK_ROWS,
  maxErrors = MAX_STORED_ERRORS,
): AsyncGenerator<StagedChunk> {
  const stage = new StageWriter(keys);
  const valid: ValidRow<FeedType>[] = [];
  let errors: RowError[] = [];
  let read = 0;
  let rejected = 0;
  let kept = 0;
  const take = (): StagedChunk => {
    const rows = stage.rows;
    const chunk = { csv: stage.take(), rows, read, rejected, errors, bytesRead: bytesRead() };
    errors = [];
    read = 0;
    rejected = 0;
    return chunk;
  };
  for await (const batch of batches) {
    valid.length = 0;
    for (const item of batch) {
      read++;
      if (isValidRow(item)) {
        valid.push(item);
        continue;
      }
      rejected++;
      if (kept < maxErrors) {
        errors.push({ rowNumber: item.rowNumber, message: item.errors.join('；') });
        kept++;
      }
    }
    stage.add(valid);
    if (stage.rows >= chunkRows) yield take();
  }
  valid.length = 0;
  if (read > 0) yield take();
}
