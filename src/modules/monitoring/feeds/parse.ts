/**
 * Parsing a department feed file (SPEC appendix A.4), streaming: CSV (UTF-8 with or without BOM,
 * GB18030/GBK, UTF-16 with BOM; comma, tab, semicolon or pipe) or XLSX (first worksheet).
 *
 * ```ts
 * for await (const item of parseFeed('death', '/tmp/death.csv', { hashKey })) {
 *   if (isValidRow(item)) load(item.row, item.hash);
 *   else report(item.errors); // ['第12行：身份证号码校验码错误']
 * }
 * ```
 *
 * File-level problems (no header, a missing required column, an unreadable file or encoding) throw a
 * `FeedFileError` with one Chinese message before any row is yielded, except an encoding or CSV
 * quoting fault discovered further into the file, which throws when it is reached.
 */
import { isBlank, type RawCell } from './cells.ts';
import { type ColumnSpec, FEEDS, type FeedType } from './feed-types.ts';
import {
  FeedFileError,
  HEADER_SEARCH_ROWS,
  looksLikeHeader,
  matchHeader,
  missingColumns,
  missingColumnsError,
} from './header.ts';
import { BATCH_ROWS, type RecordSink, readCsv, xlsxRecords } from './records.ts';
import {
  bytesOf,
  detectFormat,
  type FeedInput,
  type FileFormat,
  peekFirst,
  type TextEncodingName,
} from './source.ts';
import { type FeedItem, makeRowValidator, type ValidateOptions } from './validate.ts';

export type { FeedInput, FileFormat, TextEncodingName } from './source.ts';
export { type FeedItem, isValidRow, type RejectedRow, type ValidRow } from './validate.ts';

export interface ParseFeedOptions extends ValidateOptions {
  /** Bytes read so far (for a progress bar against the file size). */
  onBytes?: ((total: number) => void) | undefined;
  /** What the file turned out to be, once known (before the first row). */
  onFileInfo?: ((info: FeedFileInfo) => void) | undefined;
  /**
   * The data rows this parser validates, by row number (default: all). The others are read past
   * without a word: another parser of the same file takes them (two staging threads, one file).
   */
  takes?: ((rowNumber: number) => boolean) | undefined;
}

export interface FeedFileInfo {
  format: FileFormat;
  /** CSV only. */
  encoding: TextEncodingName | null;
  /** Row number of the header row (1 unless title rows precede it). */
  headerRow: number;
  /** Header cells that name no column of the feed (ignored). */
  ignoredHeaders: string[];
}

/** Whether the first `count` cells are all blank (most rows: the first cell is not). */
function allBlank(cells: readonly RawCell[], count: number): boolean {
  for (let i = 0; i < count; i++) {
    const c = cells[i];
    if (c === null || c === undefined) continue;
    if (typeof c === 'string' ? !isBlank(c) : String(c).trim() !== '') return false;
  }
  return true;
}

/**
 * The rows of a feed file, in file order: each valid and normalised with its content hash, or
 * rejected with its reasons. Blank rows are skipped; columns the feed does not use are ignored.
 * Memory stays bounded whatever the file size (XLSX: plus the workbook's shared-string table).
 */
export async function* parseFeed<T extends FeedType>(
  type: T,
  input: FeedInput,
  options: ParseFeedOptions,
): AsyncGenerator<FeedItem<T>> {
  for await (const batch of parseFeedBatches(type, input, options)) yield* batch;
}

/** `parseFeed` in batches of up to 1,000 items (for bulk loading: one COPY chunk per batch). */
export async function* parseFeedBatches<T extends FeedType>(
  type: T,
  input: FeedInput,
  options: ParseFeedOptions,
): AsyncGenerator<FeedItem<T>[]> {
  const { first, all } = await peekFirst(bytesOf(input, options.onBytes));
  let format: FileFormat;
  try {
    // Told from the first bytes: a ZIP signature is XLSX, text is CSV; .xls and PDF are refused.
    format = detectFormat(first);
  } catch (e) {
    await all.return(undefined);
    throw e;
  }
  let encoding: TextEncodingName | null = null;
  // The header row, looked for among the first rows.
  const search: {
    validate: ((rowNumber: number, cells: readonly RawCell[], count: number) => FeedItem<T>) | null;
    /**
     * Of the rows scanned for the header, the one naming most columns: what a “missing columns”
     * error is about when no row qualifies.
     */
    best: { cells: readonly RawCell[]; named: number } | null;
    nonEmptySeen: number;
  } = { validate: null, best: null, nonEmptySeen: 0 };
  let out: FeedItem<T>[] = [];
  const takes = options.takes;
  const sink: RecordSink = (rowNumber, cells, count) => {
    if (search.validate) {
      if (takes !== undefined && !takes(rowNumber)) return;
      if (allBlank(cells, count)) return;
      out.push(search.validate(rowNumber, cells, count));
      return;
    }
    if (allBlank(cells, count)) return;
    const record = cells.slice(0, count);
    const named = matchHeader(type, record).positionOf.size;
    if (!search.best || named > search.best.named) search.best = { cells: record, named };
    search.nonEmptySeen++;
    if (looksLikeHeader(type, record)) {
      search.validate = compileHeader(type, record, options);
      options.onFileInfo?.({
        format,
        encoding,
        headerRow: rowNumber,
        ignoredHeaders: ignoredHeaders(type, record),
      });
    } else if (search.nonEmptySeen >= HEADER_SEARCH_ROWS) {
      throw missingColumnsError(type, missingColumns(type, matchHeader(type, search.best.cells)));
    }
  };
  const reader: AsyncGenerator<unknown> =
    format === 'xlsx' ? xlsxRows(all, sink) : readCsv(all, sink, (e) => (encoding = e));
  try {
    for await (const _ of reader) {
      if (out.length === 0) continue;
      const items = out;
      out = [];
      if (items.length <= BATCH_ROWS) yield items;
      else for (let i = 0; i < items.length; i += BATCH_ROWS) yield items.slice(i, i + BATCH_ROWS);
    }
  } finally {
    await reader.return(undefined);
  }
  if (!search.validate) {
    if (!search.best) throw new FeedFileError('empty', '文件为空，没有表头和数据');
    throw missingColumnsError(type, missingColumns(type, matchHeader(type, search.best.cells)));
  }
}

/** XLSX records handed to `sink`, a batch at a time. */
async function* xlsxRows(bytes: AsyncIterable<Uint8Array>, sink: RecordSink): AsyncGenerator<void> {
  for await (const batch of xlsxRecords(bytes)) {
    for (const record of batch) sink(record.rowNumber, record.cells, record.cells.length);
    yield;
  }
}

function compileHeader<T extends FeedType>(
  type: T,
  cells: readonly RawCell[],
  options: ValidateOptions,
): (rowNumber: number, cells: readonly RawCell[], count?: number) => FeedItem<T> {
  const match = matchHeader(type, cells);
  const missing = missingColumns(type, match);
  if (missing.length > 0) throw missingColumnsError(type, missing);
  const positions = (FEEDS[type].columns as readonly ColumnSpec[]).map((c) => match.positionOf.get(c.key));
  return makeRowValidator(type, positions, options);
}

function ignoredHeaders(type: FeedType, cells: readonly RawCell[]): string[] {
  const match = matchHeader(type, cells);
  const out: string[] = [];
  cells.forEach((c, i) => {
    const text = c === null || c === undefined ? '' : String(c).trim();
    if (text && !match.byPosition[i]) out.push(text);
  });
  return out;
}
