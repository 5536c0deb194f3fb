/**
 * Finding the header row of a department file and mapping its cells to the feed's columns.
 */
import { AppError } from '../../../core/errors.ts';
import { cellText, normaliseHeader, type RawCell } from './cells.ts';
import { type ColumnSpec, FEEDS, type FeedType } from './feed-types.ts';

/** A file-level problem: the whole file is refused before any row is read. */
export class FeedFileError extends AppError {
  readonly kind: 'missing_columns' | 'duplicate_column' | 'encoding' | 'format' | 'empty';

  constructor(kind: FeedFileError['kind'], detail: string) {
    super('VALIDATION_FAILED', detail);
    this.name = 'FeedFileError';
    this.kind = kind;
  }
}

const aliasCache = new Map<FeedType, Map<string, ColumnSpec>>();

/** The normalised header names of each column of a feed. */
export function headerAliases(type: FeedType): Map<string, ColumnSpec> {
  let out = aliasCache.get(type);
  if (out) return out;
  out = new Map<string, ColumnSpec>();
  for (const column of FEEDS[type].columns as readonly ColumnSpec[]) {
    for (const name of [column.key, column.zh, ...column.synonyms]) out.set(normaliseHeader(name), column);
  }
  aliasCache.set(type, out);
  return out;
}

export interface HeaderMatch {
  /** Column spec per cell position (undefined: a column the feed does not use). */
  byPosition: (ColumnSpec | undefined)[];
  /** Cell position of each matched column key. */
  positionOf: Map<string, number>;
}

const columnLabel = (c: ColumnSpec): string => `${c.zh}（${c.key}）`;

/** Maps header cells to columns; throws when a column is named twice. */
export function matchHeader(type: FeedType, cells: readonly RawCell[]): HeaderMatch {
  const aliases = headerAliases(type);
  const byPosition: (ColumnSpec | undefined)[] = [];
  const positionOf = new Map<string, number>();
  cells.forEach((cell, i) => {
    const column = aliases.get(normaliseHeader(cellText(cell)));
    byPosition[i] = column;
    if (!column) return;
    const previous = positionOf.get(column.key);
    if (previous !== undefined) {
      throw new FeedFileError(
        'duplicate_column',
        `表头第${previous + 1}列“${cellText(cells[previous])}”和第${i + 1}列“${cellText(cell)}”都是${columnLabel(column)}，请删除其中一列`,
      );
    }
    positionOf.set(column.key, i);
  });
  return { byPosition, positionOf };
}

/** The required columns a header lacks. */
export function missingColumns(type: FeedType, match: HeaderMatch): ColumnSpec[] {
  return (FEEDS[type].columns as readonly ColumnSpec[]).filter(
    (c) => c.required && !match.positionOf.has(c.key),
  );
}

export function missingColumnsError(type: FeedType, missing: readonly ColumnSpec[]): FeedFileError {
  return new FeedFileError(
    'missing_columns',
    `“${FEEDS[type].zh}”文件缺少必填列：${missing.map(columnLabel).join('、')}`,
  );
}

/**
 * How many leading non-empty rows may come before the header (a title row such as
 * “2025年1月死亡人员名单” is common in department exports).
 */
export const HEADER_SEARCH_ROWS = 10;

/**
 * Whether a row is the header: it names both the ID number and the name column. The first such row
 * among the first `HEADER_SEARCH_ROWS` non-empty rows is the header.
 */
export function looksLikeHeader(type: FeedType, cells: readonly RawCell[]): boolean {
  const aliases = headerAliases(type);
  let id = false;
  let name = false;
  for (const cell of cells) {
    const key = aliases.get(normaliseHeader(cellText(cell)))?.key;
    if (key === 'id_number') id = true;
    else if (key === 'name') name = true;
  }
  return id && name;
}
