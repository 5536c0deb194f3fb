/**
 * From parsed feed rows to chunks ready for the database: each valid row encrypted (SM4) and
 * blind-indexed (SM3-HMAC), its facts without the ID number, written in PostgreSQL's binary COPY
 * format for the staging table (`load-repo.ts`); rejected rows as Chinese messages with their row
 * numbers. Runs on the importing thread or in the staging workers (`stage-worker.ts`).
 *
 * Binary rather than CSV: the row hash, blind index and ciphertext go as their 102 raw bytes instead
 * of 204 hex characters, and the database reads fields off the bytes instead of parsing CSV and hex
 * (a million staged rows: COPY 5.4 s as CSV, 2.7 s binary, on the benchmark machine).
 */
import { blindIndex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import { BinaryCopyWriter } from '../../db/copy-binary.ts';
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
  /**
   * The valid rows (columns of `STAGE_COLUMNS`) as one binary COPY stream, in a buffer of its own
   * (transferable); empty when no row of the chunk is valid.
   */
  data: Uint8Array;
  /** Valid rows in `data`. */
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

const FIELDS = 9;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Staged rows in binary COPY format (db/copy-binary.ts): identity encrypted and blind-indexed, facts
 * (json) without the ID number (an ID inside the row, the 防止返贫 household head's, only as its
 * blind index).
 */
class StageWriter {
  private readonly out = new BinaryCopyWriter(1 << 20);
  /** The facts of the row being written, as JSON text. */
  private readonly facts = new ByteWriter(256);

  constructor(private readonly keys: RegistryKeys) {}

  /** Rows written since the last `take`. */
  get rows(): number {
    return this.out.rows;
  }

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
      const head = row.household_head_id;
      w.row(FIELDS).int4(v.rowNumber).byteaHex(v.hash).bytea(blindIndex(keys, id)).bytea(ciphers[i]!);
      w.text(maskIdNumber(id));
      if (typeof head === 'string') w.bytea(blindIndex(keys, head));
      else w.null();
      // The region hint: the county of the ID number.
      w.text(row.name as string).text(`${id.slice(0, 6)}000000`);
      w.json(this.factsOf(row));
    }
  }

  /**
   * The row's facts, without ID number and name and with a household head's ID as null, as JSON
   * text exactly as `JSON.stringify(facts)` writes it (a view valid until the next row).
   */
  private factsOf(row: Record<string, unknown>): Uint8Array {
    const w = this.facts.reset().byte(0x7b);
    let first = true;
    for (const key in row) {
      if (key === 'id_number' || key === 'name') continue;
      const value = row[key];
      if (value === undefined) continue; // as JSON.stringify leaves it out
      if (!first) w.byte(COMMA);
      first = false;
      w.string(key).byte(COLON);
      if (key === 'household_head_id' && typeof value === 'string') w.ascii('null');
      else w.value(value);
    }
    return w.byte(0x7d).view();
  }

  /** The COPY stream (trailer included) in a buffer that owns its memory; starts over. */
  take(): Uint8Array {
    return this.out.take();
  }
}

/**
 * Valid rows as a binary COPY stream for the staging table: identity encrypted and blind-indexed,
 * facts without the ID number (an ID inside the row, the 防止返贫 household head's, only as its
 * blind index).
 */
export function stageRows(keys: RegistryKeys, items: ReadonlyArray<ValidRow<FeedType>>): Uint8Array {
  const w = new StageWriter(keys);
  w.add(items);
  return w.take();
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
    const chunk = { data: stage.take(), rows, read, rejected, errors, bytesRead: bytesRead() };
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
