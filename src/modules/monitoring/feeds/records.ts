/**
 * Streaming readers: CSV (our own record parser, below) and XLSX (exceljs WorkbookReader, first
 * worksheet), both giving raw records with the row number a person sees in Excel (the first row is 1).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RawCell } from './cells.ts';
import { FeedFileError } from './header.ts';
import { type TextEncodingName, toText } from './source.ts';

export interface RawRecord {
  rowNumber: number;
  cells: RawCell[];
}

/**
 * Receives each record: its first `count` cells are in `cells`, an array the reader reuses for the
 * next record (copy what must outlive the call).
 */
export type RecordSink = (rowNumber: number, cells: readonly RawCell[], count: number) => void;

/** Records are handed on in batches: one await per batch, not per row. */
export const BATCH_ROWS = 1000;

/** A quoted field left open would otherwise swallow the rest of the file into memory. */
export const MAX_RECORD_CHARS = 1_000_000;
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

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** The record delimiter: the first line break outside quotes. */
const RD_UNKNOWN = 0;
const RD_LF = 1;
const RD_CR = 2;
const RD_CRLF = 3;

/** How a field ended. */
const END_DELIMITER = 0;
/** On the record delimiter. */
const END_LINE = 1;
/** At the end of the file. */
const END_FILE = 2;
/** The text pushed so far ends inside the field (or its delimiter). */
const END_MORE = 3;
/** The file ends inside a quoted field. */
const END_OPEN = 4;

const isBreak = (c: number): boolean => c === CR || c === LF;

/** The UTF-8 length of a UTF-16 code unit (a surrogate pair: 2 + 2). */
const utf8Bytes = (c: number): number => (c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3);

const quoteError = (line: number): FeedFileError =>
  new FeedFileError('format', `CSV 文件格式错误（第${line}行附近）：引号未闭合，之后的内容无法读取`);

/**
 * CSV records from text pushed in pieces of any size. Reads a file exactly as csv-parse did with
 * the options this replaces (`relax_quotes`, `relax_column_count`, `skip_empty_lines: false`,
 * `max_record_size`); the tests check it against csv-parse itself:
 *
 * - a field starting with `"` is quoted: delimiters and line breaks inside are text and `""` is `"`;
 *   a closing quote followed by anything but a delimiter or line break keeps the quotes as text
 *   (`"ab"c` is `"ab"c`); a quote inside an unquoted field is text;
 * - the record delimiter is the first line break outside quotes (CRLF, LF or CR); any other line
 *   break is text;
 * - an empty line is a record of one empty cell; a line break ending the file adds none;
 * - a quote still open at the end of the file, or a record over `maxRecord` (counted as csv-parse
 *   counts: UTF-16 units of the record's cells before the current one, UTF-8 bytes of that one),
 *   is a `FeedFileError` naming the line csv-parse named.
 *
 * A record is parsed once it is complete: the unfinished end of one piece waits for the next.
 */
export class CsvParser {
  private readonly delimiter: number;
  private readonly maxRecord: number;
  /** The unfinished record at the end of the text pushed so far. */
  private carry = '';
  private rd = RD_UNKNOWN;
  /** Line breaks read before `carry` (CR or LF; a CRLF record delimiter once): csv-parse's count. */
  private breaks = 0;
  private rowNumber = 0;
  private readonly cells: string[] = [];
  // What `field` found besides the value.
  private end = END_DELIMITER;
  private next = 0;
  private fieldBreaks = 0;

  constructor(delimiter: string, maxRecord = MAX_RECORD_CHARS) {
    this.delimiter = delimiter.charCodeAt(0);
    this.maxRecord = maxRecord;
  }

  push(text: string, sink: RecordSink): void {
    this.carry = this.parse(this.carry.length === 0 ? text : this.carry + text, false, sink);
  }

  /** The end of the file: the last record, or the error of a quote left open. */
  finish(sink: RecordSink): void {
    const rest = this.carry;
    this.carry = '';
    if (rest.length > 0) this.parse(rest, true, sink);
  }

  /** Parses the complete records of `s`; returns the rest. */
  private parse(s: string, final: boolean, sink: RecordSink): string {
    const n = s.length;
    const cells = this.cells;
    let start = 0;
    while (start < n) {
      let count = 0;
      let p = start;
      let breaks = 0;
      for (;;) {
        const value = this.field(s, p, n, final);
        breaks += this.fieldBreaks;
        const end = this.end;
        if (end === END_DELIMITER) {
          cells[count++] = value;
          p = this.next;
          continue;
        }
        if (end === END_MORE) {
          if ((n - start) * 3 > this.maxRecord) this.checkSize(s, start, n, false);
          return s.slice(start);
        }
        if (end === END_OPEN) {
          if ((n - start) * 3 > this.maxRecord) this.checkSize(s, start, n, true);
          // csv-parse counts a line break when it reads the next character: the last one is not.
          throw quoteError(1 + this.breaks + breaks - (isBreak(s.charCodeAt(n - 1)) ? 1 : 0));
        }
        cells[count++] = value;
        if (end === END_LINE) breaks++;
        break;
      }
      const next = this.next;
      if ((next - start) * 3 > this.maxRecord) this.checkSize(s, start, next, final);
      this.breaks += breaks;
      start = next;
      sink(++this.rowNumber, cells, count);
    }
    return '';
  }

  /**
   * The length of the record delimiter at `i` (where `s` holds CR or LF), 0 when this line break is
   * text, -1 when the next piece decides. The first line break found sets the record delimiter.
   */
  private delimiterAt(s: string, i: number, n: number, final: boolean): number {
    const c = s.charCodeAt(i);
    switch (this.rd) {
      case RD_LF:
        return c === LF ? 1 : 0;
      case RD_CR:
        return c === CR ? 1 : 0;
      case RD_CRLF:
        if (c !== CR) return 0;
        if (i + 1 < n) return s.charCodeAt(i + 1) === LF ? 2 : 0;
        return final ? 0 : -1;
      default:
        if (c === LF) {
          this.rd = RD_LF;
          return 1;
        }
        if (i + 1 < n && s.charCodeAt(i + 1) === LF) {
          this.rd = RD_CRLF;
          return 2;
        }
        if (i + 1 >= n && !final) return -1;
        this.rd = RD_CR;
        return 1;
    }
  }

  /** The field starting at `p`; how it ended in `end`, where the next one starts in `next`. */
  private field(s: string, p: number, n: number, final: boolean): string {
    this.fieldBreaks = 0;
    if (p < n && s.charCodeAt(p) === QUOTE) return this.quoted(s, p, n, final);
    return this.unquoted(s, p, p, '', n, final);
  }

  /** Text up to the next delimiter or record delimiter, after `prefix` (the field so far). */
  private unquoted(s: string, from: number, p: number, prefix: string, n: number, final: boolean): string {
    const d = this.delimiter;
    let breaks = 0;
    for (let j = p; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === d) {
        this.fieldBreaks += breaks;
        this.end = END_DELIMITER;
        this.next = j + 1;
        return prefix + s.slice(from, j);
      }
      if (c === LF || c === CR) {
        const r = this.delimiterAt(s, j, n, final);
        if (r > 0) {
          this.fieldBreaks += breaks;
          this.end = END_LINE;
          this.next = j + r;
          return prefix + s.slice(from, j);
        }
        if (r < 0) {
          this.end = END_MORE;
          return '';
        }
        breaks++;
      }
    }
    this.fieldBreaks += breaks;
    if (!final) {
      this.end = END_MORE;
      return '';
    }
    this.end = END_FILE;
    this.next = n;
    return prefix + s.slice(from, n);
  }

  private quoted(s: string, p: number, n: number, final: boolean): string {
    let text = '';
    let from = p + 1;
    let q = from;
    let breaks = 0;
    for (;;) {
      let c = 0;
      while (q < n) {
        c = s.charCodeAt(q);
        if (c === QUOTE) break;
        if (c === LF || c === CR) breaks++;
        q++;
      }
      if (q >= n) {
        this.fieldBreaks = breaks;
        this.end = final ? END_OPEN : END_MORE;
        return '';
      }
      // A quote: `""` is one quote, anything else closes the field.
      if (q + 1 >= n && !final) {
        this.end = END_MORE;
        return '';
      }
      if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
        text += s.slice(from, q + 1);
        q += 2;
        from = q;
        continue;
      }
      break;
    }
    text += s.slice(from, q);
    this.fieldBreaks = breaks;
    const after = q + 1;
    if (after >= n) {
      this.end = END_FILE;
      this.next = n;
      return text;
    }
    const c = s.charCodeAt(after);
    if (c === this.delimiter) {
      this.end = END_DELIMITER;
      this.next = after + 1;
      return text;
    }
    if (c === LF || c === CR) {
      const r = this.delimiterAt(s, after, n, final);
      if (r > 0) {
        this.end = END_LINE;
        this.next = after + r;
        return text;
      }
      if (r < 0) {
        this.end = END_MORE;
        return '';
      }
    }
    // A NUL after the quote closes the field as a delimiter would, but the field goes on (csv-parse
    // tests the next character for truth); anything else keeps both quotes as text.
    return c === 0
      ? this.unquoted(s, after, after, text, n, final)
      : this.unquoted(s, after, after, `"${text}"`, n, final);
  }

  /**
   * Throws csv-parse's CSV_MAX_RECORD_SIZE error if the record in `s[start, limit)` has it (replays
   * csv-parse's byte-wise count; only called for records long enough to possibly have it). The text
   * after `limit` serves to look ahead; `final`: nothing comes after `s`.
   */
  private checkSize(s: string, start: number, limit: number, final: boolean): void {
    const n = s.length;
    const max = this.maxRecord;
    let line = 1 + this.breaks;
    let quoting = false;
    let fieldBytes = 0;
    let fieldUnits = 0;
    let recordUnits = 0;
    for (let pos = start; pos < limit; pos++) {
      const c = s.charCodeAt(pos);
      if (quoting) {
        if (c === QUOTE) {
          if (pos + 1 >= n && !final) return;
          const next = pos + 1 < n ? s.charCodeAt(pos + 1) : -1;
          if (next === QUOTE) {
            pos++; // the second quote is the one appended
          } else {
            quoting = false;
            if (next === -1 || next === 0 || next === this.delimiter) continue;
            if (next === LF || next === CR) {
              const r = this.delimiterAt(s, pos + 1, n, final);
              if (r < 0) return;
              if (r > 0) continue;
            }
            fieldBytes++; // the opening quote, put back without a check
            fieldUnits++;
          }
        }
      } else if (c === QUOTE && fieldBytes === 0) {
        quoting = true;
        continue;
      } else if (c === this.delimiter) {
        recordUnits += fieldUnits;
        fieldBytes = 0;
        fieldUnits = 0;
        continue;
      } else if (c === LF || c === CR) {
        const r = this.delimiterAt(s, pos, n, final);
        if (r !== 0) return;
      }
      const bytes = utf8Bytes(c);
      if (recordUnits + fieldBytes + bytes - 1 > max) throw quoteError(line);
      fieldBytes += bytes;
      fieldUnits++;
      if (c === LF || c === CR) line++;
    }
  }
}

/**
 * Reads CSV bytes (decoded as `toText` says; the delimiter told from the first line), handing each
 * record to `sink`. Yields after each piece of the file, so that the caller can pass on what the sink
 * made of it before more is read.
 */
export async function* readCsv(
  bytes: AsyncIterable<Uint8Array>,
  sink: RecordSink,
  onEncoding?: (encoding: TextEncodingName) => void,
): AsyncGenerator<void> {
  const it = toText(bytes, onEncoding)[Symbol.asyncIterator]();
  try {
    const head: string[] = [];
    let size = 0;
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      head.push(r.value);
      size += Buffer.byteLength(r.value);
      if (r.value.includes('\n') || size >= MAX_HEADER_PEEK) break;
    }
    const headText = head.join('');
    const nl = headText.indexOf('\n');
    const parser = new CsvParser(detectDelimiter(nl < 0 ? headText : headText.slice(0, nl)));
    if (headText.length > 0) {
      parser.push(headText, sink);
      yield;
    }
    for (let r = await it.next(); !r.done; r = await it.next()) {
      parser.push(r.value, sink);
      yield;
    }
    parser.finish(sink);
    yield;
  } finally {
    await it.return?.(undefined);
  }
}

/** CSV records in batches (a test and debugging view of `readCsv`). */
export async function* csvRecords(
  bytes: AsyncIterable<Uint8Array>,
  onEncoding?: (encoding: TextEncodingName) => void,
): AsyncGenerator<RawRecord[]> {
  let batch: RawRecord[] = [];
  const sink: RecordSink = (rowNumber, cells, count) => {
    batch.push({ rowNumber, cells: cells.slice(0, count) });
  };
  for await (const _ of readCsv(bytes, sink, onEncoding)) {
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
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
