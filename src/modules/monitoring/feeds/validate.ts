/**
 * Row validation: the cells of one record, placed by the header, become a normalised row of the
 * feed, or a list of Chinese problems each starting with the row number (第12行：…).
 */
import type { IsoDate } from '../../../core/dates.ts';
import { formatYuan } from '../../../core/money.ts';
import {
  type Converted,
  convertArea,
  convertDate,
  convertIdNumber,
  convertName,
  convertOption,
  convertPeriod,
  convertText,
  convertYuan,
  isBlank,
  normaliseHeader,
  optionIndex,
  type RawCell,
} from './cells.ts';
import { type ColumnSpec, FEEDS, type FeedRow, type FeedType } from './feed-types.ts';
import { headerAliases } from './header.ts';
import { hashValues } from './row-hash.ts';

export interface ValidateOptions {
  /** Key of the content hash (see `deriveRowHashKey`). */
  hashKey: Uint8Array;
  /** Dates after this day are refused (normally the import date, Asia/Shanghai). */
  today?: IsoDate | undefined;
}

export type FeedItem<T extends FeedType> = ValidRow<T> | RejectedRow;

export interface ValidRow<T extends FeedType> {
  rowNumber: number;
  row: FeedRow<T>;
  /** Content hash (hex): the same fact always hashes the same; see row-hash.ts. */
  hash: string;
}

export interface RejectedRow {
  rowNumber: number;
  /** “第12行：身份证号码校验码错误”, one entry per problem. */
  errors: string[];
}

export const isValidRow = <T extends FeedType>(item: FeedItem<T>): item is ValidRow<T> => 'row' in item;

type Converter = (raw: RawCell) => Converted<unknown>;

function converterFor(column: ColumnSpec, today: IsoDate | undefined): Converter {
  switch (column.type) {
    case 'id':
      return convertIdNumber;
    case 'name':
      return convertName;
    case 'date':
      return (raw) => convertDate(raw, today);
    case 'yuan':
      return convertYuan;
    case 'area':
      return convertArea;
    case 'period':
      return convertPeriod;
    case 'text':
      return convertText;
    case 'enum': {
      const index = optionIndex(column);
      return (raw) => convertOption(raw, column, index);
    }
  }
}

/** Checks between columns of one row. */
const crossChecks: Partial<Record<FeedType, (row: Record<string, unknown>) => string | null>> = {
  medical_selfpay: (row) => {
    const total = row.total_cost as number | null;
    const selfPay = row.self_pay as number;
    return total !== null && selfPay > total
      ? `个人自付 ${formatYuan(selfPay)} 元大于总费用 ${formatYuan(total)} 元`
      : null;
  },
};

/**
 * A validator for records whose cell at `positions[i]` holds column `i` of the feed (undefined:
 * the column is absent from the file, allowed for optional columns only). The validator reads the
 * first `count` cells of `cells` (all of them by default).
 */
export function makeRowValidator<T extends FeedType>(
  type: T,
  positions: readonly (number | undefined)[],
  options: ValidateOptions,
): (rowNumber: number, cells: readonly RawCell[], count?: number) => FeedItem<T> {
  const columns = FEEDS[type].columns as readonly ColumnSpec[];
  const converters = columns.map((c) => converterFor(c, options.today));
  const check = crossChecks[type];
  const n = columns.length;
  const hashKey = options.hashKey;
  // Values in column order, for the hash; reused from row to row.
  const values: unknown[] = new Array(n).fill(null);
  return (rowNumber, cells, count = cells.length) => {
    const row: Record<string, unknown> = {};
    let errors: string[] | null = null;
    for (let i = 0; i < n; i++) {
      const column = columns[i]!;
      const p = positions[i];
      const raw = p === undefined || p >= count ? null : cells[p];
      let value: unknown = null;
      let problem: string | null = null;
      if (isBlank(raw)) {
        if (column.required) problem = '为空';
      } else {
        const c = converters[i]!(raw);
        if (c.ok) value = c.value;
        else problem = c.problem;
      }
      if (problem !== null) {
        errors ??= [];
        errors.push(`第${rowNumber}行：${column.zh}${problem}`);
      }
      row[column.key] = value;
      values[i] = value;
    }
    if (!errors && check) {
      const text = check(row);
      if (text) errors = [`第${rowNumber}行：${text}`];
    }
    if (errors) return { rowNumber, errors };
    return { rowNumber, row: row as FeedRow<T>, hash: hashValues(type, values, hashKey) };
  };
}

/**
 * Validates one row given as an object (an API push): keys are column keys or any accepted header,
 * Chinese or English. Unknown keys are ignored.
 */
export function validateFeedObject<T extends FeedType>(
  type: T,
  record: Readonly<Record<string, unknown>>,
  rowNumber: number,
  options: ValidateOptions,
): FeedItem<T> {
  const aliases = headerAliases(type);
  const columns = FEEDS[type].columns as readonly ColumnSpec[];
  const keys = Object.keys(record);
  const cells: RawCell[] = keys.map((k) => {
    const v = record[k];
    if (v instanceof Date) return v;
    return v === null || v === undefined || typeof v === 'object' ? null : (v as RawCell);
  });
  const positions = columns.map((c) => {
    const i = keys.findIndex((k) => aliases.get(normaliseHeader(k))?.key === c.key);
    return i < 0 ? undefined : i;
  });
  return makeRowValidator(type, positions, options)(rowNumber, cells);
}
