/**
 * Streaming readers: CSV (csv-parse) and XLSX (exceljs WorkbookReader, first worksheet), both
 * yielding raw records with the row number a person sees in Excel (the first row is 1).
 */
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { RawCell } from './cells.ts';
import { FeedFileError } from './header.ts';
import { type TextEncodingName, toUtf8 } from './source.ts';

export interface RawRecord {
  rowNumber: number;
  cells: RawCell[];
}

/** Records are handed on in batches: one await per batch, not per row. */
export const BATCH_ROWS = 1000;

/** A quoted field left open would otherwise swallow the rest of the file into memory. */
const MAX_RECORD_CHARS = 1_000_000;
const MAX_HEADER_PEEK = 1024 * 1024;
const DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter used most in the first line (comma when none is). */
export function detectDelimiter(firstLine: string): string {
  let best: string = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

function csvError(e: unknown): Error {
  if (e instanceof FeedFileError) return e;
  const err = e as { code?: string; lines?: number };
  const where = err.lines ? `（第${err.lines}行附近）` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE':
      return new FeedFileError('format', `CSV 文件格式错误${where}：引号未闭合，之后的内容无法读取`);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new FeedFileError('format', `CSV 文件格式错误${where}：引号后面出现了多余的字符`);
    default:
      return err.code?.startsWith('CSV_')
        ? new FeedFileError('format', `CSV 文件格式错误${where}`)
        : (e as Error);
  }
}

/** Object-mode stream contents in arrays of up to `size`, waiting only when the stream is empty. */
export async function* readBatches<T>(stream: Readable, size: number): AsyncGenerator<T[]> {
  let ended = false;
  let error: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onEnd = (): void => {
    ended = true;
    notify();
  };
  const onError = (e: unknown): void => {
    error = e;
    notify();
  };
  stream.on('readable', notify);
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  stream.on('error', onError);
  try {
    for (;;) {
      if (error) throw error;
      const batch: T[] = [];
      while (batch.length < size) {
        const item = stream.read() as T | null;
        if (item === null) break;
        batch.push(item);
      }
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (error) throw error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.off('readable', notify);
    stream.off('end', onEnd);
    stream.off('close', onEnd);
    stream.off('error', onError);
  }
}

/** CSV records in batches; the encoding found is reported through `onEncoding`. */
export async function* csvRecords(
  bytes: AsyncIterable<Uint8Array>,
  onEncoding?: (encoding: TextEncodingName) => void,
): AsyncGenerator<RawRecord[]> {
  const it = toUtf8(bytes, onEncoding)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      head.push(r.value);
      size += r.value.length;
      if (r.value.includes(0x0a) || size >= MAX_HEADER_PEEK) break;
    }
  } catch (e) {
    await it.return?.(undefined);
    throw csvError(e);
  }
  const headBytes = Buffer.concat(head);
  const nl = headBytes.indexOf(0x0a);
  const delimiter = detectDelimiter(headBytes.subarray(0, nl < 0 ? headBytes.length : nl).toString('utf8'));

  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (headBytes.length > 0) yield headBytes;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      await it.return?.(undefined);
    }
  }

  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // Errors of the source (encoding) and of the parser both surface through the iterator below.
  pipeline(Readable.from(all(), { objectMode: false }), parser, () => {});
  let rowNumber = 0;
  try {
    for await (const batch of readBatches<string[]>(parser, BATCH_ROWS)) {
      const records: RawRecord[] = new Array(batch.length);
      for (let i = 0; i < batch.length; i++) records[i] = { rowNumber: ++rowNumber, cells: batch[i]! };
      yield records;
    }
  } catch (e) {
    throw csvError(e);
  } finally {
    parser.destroy();
  }
}

/** A cell value of exceljs as a plain value: rich text joined, formulas by their result. */
export function plainCell(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return o.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('result' in o) return plainCell(o.result);
    if ('text' in o) return plainCell(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

/** XML text of a zip entry decoded across chunk boundaries (a character may straddle two chunks). */
async function* utf8Text(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** The private hooks of exceljs 4.4's WorkbookReader that `fixChunkDecoding` wraps. */
interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Uint8Array | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs 4.4 decodes each decompressed chunk of the XML on its own, so a Chinese character split
 * between two chunks becomes “��” (exceljs issues #2063, #2084, #2316; the fixes are unmerged). Shared
 * strings are read with the entry set to UTF-8 (Node's StringDecoder carries split characters), and
 * worksheets through `utf8Text`. A test with dense Chinese text guards this against an upgrade.
 */
function fixChunkDecoding(reader: object): void {
  const r = reader as ReaderInternals;
  const parseSharedStrings = r._parseSharedStrings;
  const parseWorksheet = r._parseWorksheet;
  if (typeof parseSharedStrings !== 'function' || typeof parseWorksheet !== 'function') {
    throw new Error('exceljs WorkbookReader internals changed: review fixChunkDecoding');
  }
  r._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  r._parseWorksheet = function (iterator, sheetNo) {
    return parseWorksheet.call(this, utf8Text(iterator), sheetNo);
  };
}

/** Records of the first worksheet of an XLSX workbook, in batches. */
export async function* xlsxRecords(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<RawRecord[]> {
  const stream = Readable.from(bytes, { objectMode: false });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  fixChunkDecoding(reader);
  try {
    for await (const sheet of reader) {
      let batch: RawRecord[] = [];
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: RawCell[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        batch.push({ rowNumber: row.number, cells });
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      return;
    }
  } catch (e) {
    // File-system errors (a missing file) and our own errors pass; everything else is a broken file.
    if (e instanceof FeedFileError || (e as { syscall?: unknown }).syscall !== undefined) throw e;
    throw new FeedFileError('format', 'XLSX 文件无法读取：文件已损坏，或不是有效的 Excel（.xlsx）文件');
  } finally {
    stream.destroy();
  }
}
