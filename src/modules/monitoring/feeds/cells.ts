/**
 * Turning one cell of a department file into a normalised value of its column type, or a Chinese
 * problem. Cells come from CSV as strings and from XLSX as strings, numbers, dates or booleans.
 */
import type { IsoDate } from '../../../core/dates.ts';
import { convert15To18, type IdNumber, idNumberProblem, idProblemText } from '../../../core/id-number.ts';
import { type Fen, formatYuan, yuanToFen } from '../../../core/money.ts';
import type { ColumnSpec } from './feed-types.ts';

export type RawCell = string | number | boolean | Date | null | undefined;

/** A converted value, or the problem (Chinese, without the row number). */
export type Converted<V> = { ok: true; value: V } | { ok: false; problem: string };

const ok = <V>(value: V): Converted<V> => ({ ok: true, value });
const fail = (problem: string): Converted<never> => ({ ok: false, problem });

const MAX_TEXT = 500;
const MAX_NAME = 50;

/** Header text as matched: NFKC, lower case, no spaces, `_`, `-`, `*`, `:` and no trailing “（单位）”. */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-*:·.]+/g, '')
    .replace(/[([【][^)\]】]*[)\]】]$/u, '');
}

/** An enum alias as matched: NFKC, lower case, no spaces. */
export const normaliseOption = (raw: string): string =>
  raw.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/** Plain text of a cell: dates as YYYY-MM-DD, everything trimmed. */
export function cellText(raw: RawCell): string {
  if (raw === null || raw === undefined) return '';
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '' : raw.toISOString().slice(0, 10);
  return String(raw).trim();
}

/** What a problem message shows of the cell: at most 20 characters, never an ID number. */
export const quote = (text: string): string => `“${text.length > 20 ? `${text.slice(0, 20)}…` : text}”`;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/**
 * Whether `s` is a valid ID number as it should be written, 17 digits and the check character (an X
 * in either case): the common case, told without regular expressions or a Date. Anything else is
 * left to `idNumberProblem`, which says what is wrong.
 */
function plainValidId(s: string): boolean {
  if (s.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    sum += digit * ID_WEIGHTS[i]!;
  }
  let last = s.charCodeAt(17);
  if (last === 0x78) last = 0x58; // x
  if (last !== ID_CHECK.charCodeAt(sum % 11)) return false;
  const y = digits(s, 6, 4);
  return y >= 1850 && validDay(y, digits(s, 10, 2), digits(s, 12, 2));
}

/** The number written by `count` digits of `s` from `at` (known to be digits). */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/** Whether month `m` of year `y` has a day `d` (proleptic Gregorian, as Date counts). */
function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

const PLAIN_ID = /^\d{17}[\dXx]$/;

export function convertIdNumber(raw: RawCell): Converted<IdNumber> {
  if (typeof raw === 'string' && plainValidId(raw)) {
    return ok((raw.charCodeAt(17) === 0x78 ? raw.toUpperCase() : raw) as IdNumber);
  }
  if (typeof raw === 'string' && PLAIN_ID.test(raw)) {
    // Without Unicode normalisation.
    const s = raw.toUpperCase();
    const problem = idNumberProblem(s);
    return problem ? fail(idProblemText(problem)) : ok(s as IdNumber);
  }
  if (typeof raw === 'number') {
    // Excel keeps 15 significant digits: an 18-digit number typed as a number has lost its tail.
    if (!Number.isSafeInteger(raw) || raw >= 1e17) {
      return fail('在表格中被存成了数字，末几位已丢失，请把该列设为“文本”格式后重新导出');
    }
  }
  const s = cellText(raw).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (/^\d{15}$/.test(s)) {
    try {
      return ok(convert15To18(s));
    } catch {
      return fail('（15位）出生日期不存在');
    }
  }
  const problem = idNumberProblem(s);
  return problem ? fail(idProblemText(problem)) : ok(s as IdNumber);
}

const pad2 = (s: string): string => s.padStart(2, '0');

function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return null;
  // The 1900 date system; exact from 1 March 1900 on (Excel counts a 29 February 1900 that never was).
  const ms = Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** YYYY-MM-DD from the forms departments write; null when it is none of them. */
export function dateText(raw: RawCell): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 10000101 && raw <= 99991231) {
      const s = String(raw);
      return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
    }
    return excelSerialToDate(raw);
  }
  let s = cellText(raw)
    .normalize('NFKC')
    .replace(/\s+(?=\d{1,2}:)/, ' ');
  s = s.replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '').trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  return `${m[1]}-${pad2(m[2]!)}-${pad2(m[3]!)}`;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `YYYY-MM-DD` names a real day (cheaper than building a Date). */
function realDay(d: string): boolean {
  const m = PLAIN_DATE.exec(d);
  if (!m) return false;
  return validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

/** Whether `s` is a plain YYYY-MM-DD of a real day in 1900 or later (the common case, quickly). */
function plainValidDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return false;
  for (const i of DATE_DIGITS) if (!isDigit(s.charCodeAt(i))) return false;
  const y = digits(s, 0, 4);
  return y >= 1900 && validDay(y, digits(s, 5, 2), digits(s, 8, 2));
}

export function convertDate(raw: RawCell, today: IsoDate | undefined): Converted<IsoDate> {
  // The common case: a valid date as it should be written (the rest tells what is wrong with it).
  if (typeof raw === 'string' && plainValidDate(raw) && (today === undefined || raw <= today)) {
    return ok(raw as IsoDate);
  }
  const d = typeof raw === 'string' && raw.length === 10 && PLAIN_DATE.test(raw) ? raw : dateText(raw);
  if (d === null || !realDay(d)) return fail(`${quote(cellText(raw))}不是有效日期（应为 YYYY-MM-DD）`);
  if (d < '1900-01-01') return fail(`${quote(d)}早于1900年`);
  if (today !== undefined && d > today) return fail(`${quote(d)}晚于今天（${today}）`);
  return ok(d as IsoDate);
}

/** Fen of `^(\d{1,12})(?:\.(\d{1,2}))?$` (1 to 12 digits, up to two decimals), else -1. */
function plainFen(s: string): number {
  const n = s.length;
  let yuan = 0;
  let i = 0;
  for (; i < n && i < 13; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) break;
    yuan = yuan * 10 + c - 48;
  }
  if (i === 0 || i > 12) return -1;
  if (i === n) return yuan * 100;
  if (s.charCodeAt(i) !== 0x2e || n - i < 2 || n - i > 3) return -1;
  const d1 = s.charCodeAt(i + 1);
  const d2 = n - i === 3 ? s.charCodeAt(i + 2) : 48;
  if (!isDigit(d1) || !isDigit(d2)) return -1;
  return yuan * 100 + (d1 - 48) * 10 + d2 - 48;
}

/** Above this a feed amount is taken for a typo (a billion yuan). */
const MAX_FEN = 100_000_000_000;

export function convertYuan(raw: RawCell): Converted<Fen> {
  if (typeof raw === 'string') {
    // The common case: digits with up to two decimals, converted without a second parse.
    const fen = plainFen(raw);
    if (fen >= 0 && fen <= MAX_FEN) return ok(fen as Fen);
  }
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('不是有效金额');
    if (raw < 0) return fail(`${quote(String(raw))}不能为负数`);
    text = raw.toFixed(6);
  } else {
    text = cellText(raw)
      .normalize('NFKC')
      .replace(/\s+/g, '')
      .replace(/^[¥￥]|^RMB|元$/gi, '');
    if (text.startsWith('-')) return fail(`${quote(cellText(raw))}不能为负数`);
  }
  if (!/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(text)) {
    return fail(`${quote(cellText(raw))}不是有效金额（应为以元为单位的数字）`);
  }
  // Too many digits for an exact amount in fen is a bad cell of this row, not a failed import.
  const whole = text.replaceAll(',', '').split('.')[0]!;
  if (whole.replace(/^0+/, '').length > 12) return fail(`${quote(cellText(raw))}超出合理范围`);
  const value = yuanToFen(text);
  if (value > MAX_FEN) return fail(`${formatYuan(value)} 元超出合理范围`);
  return ok(value);
}

export function convertArea(raw: RawCell): Converted<number> {
  const text =
    typeof raw === 'number'
      ? String(raw)
      : cellText(raw)
          .normalize('NFKC')
          .replace(/\s+/g, '')
          .replace(/(平方米|平米|m2|m²)$/i, '');
  if (text.startsWith('-')) return fail(`${quote(cellText(raw))}不能为负数`);
  if (!/^\d+(\.\d+)?$/.test(text)) return fail(`${quote(cellText(raw))}不是有效面积（应为平方米数）`);
  const value = Math.round(Number(text) * 100) / 100;
  if (value > 1_000_000) return fail(`${value} 平方米超出合理范围`);
  return ok(value);
}

const QUARTERS: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4' };

/** An income period: `YYYY`, `YYYY-MM` or `YYYY-Qn`. */
export function convertPeriod(raw: RawCell): Converted<string> {
  const s = cellText(raw).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  let out: string | null = null;
  let m = /^(\d{4})(?:年度?)?$/.exec(s);
  if (m) out = m[1]!;
  m = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (!out && m && Number(m[2]) >= 1 && Number(m[2]) <= 12) out = `${m[1]}-${pad2(m[2]!)}`;
  m = /^(\d{4})(?:[-/]|年)?(?:Q([1-4])|第?([1-4一二三四])季度?)$/.exec(s);
  if (!out && m) out = `${m[1]}-Q${m[2] ?? QUARTERS[m[3]!] ?? m[3]}`;
  if (!out || Number(out.slice(0, 4)) < 1900 || Number(out.slice(0, 4)) > 2999) {
    return fail(`${quote(cellText(raw))}不是有效期间（应为年份 2024、月份 2024-03 或季度 2024-Q1）`);
  }
  return ok(out);
}

/** U+FFFD: what a wrongly decoded byte becomes. A value holding it is refused, never stored. */
const garbled = (s: string): boolean => s.includes('\ufffd');
const GARBLED = '含有无法识别的字符“\ufffd”，请检查文件编码或重新导出';

/**
 * Whether text is already what `convertText` (`convertName` when `name`) makes of it: printable
 * ASCII and CJK unified ideographs only (Unicode normalisation leaves both as they are), single
 * spaces between words, no dots (a name's dots become “·”), not too long.
 */
function plainText(s: string, max: number, name: boolean): boolean {
  const n = s.length;
  if (n === 0 || n > max) return false;
  let previous = 0x20; // no space first
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) {
      if (name && c === 0x2e) return false;
    } else if (c === 0x20) {
      if (previous === 0x20) return false;
    } else if (c < 0x3400 || c > 0x9fff || (c > 0x4dbf && c < 0x4e00)) {
      return false;
    }
    previous = c;
  }
  return previous !== 0x20;
}

export function convertText(raw: RawCell): Converted<string> {
  if (typeof raw === 'string' && plainText(raw, MAX_TEXT, false)) return ok(raw);
  const s = cellText(raw).normalize('NFKC').replace(/\s+/g, ' ');
  if (garbled(s)) return fail(GARBLED);
  return s.length > MAX_TEXT ? fail(`超过${MAX_TEXT}个字`) : ok(s);
}

export function convertName(raw: RawCell): Converted<string> {
  if (typeof raw === 'string' && plainText(raw, MAX_NAME, true)) return ok(raw);
  const s = cellText(raw)
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .replace(/[•・．.]/g, '·');
  if (garbled(s)) return fail(GARBLED);
  return s.length > MAX_NAME ? fail(`超过${MAX_NAME}个字`) : ok(s);
}

/** Alias → code for an enum column; every alias, code and Chinese name, normalised. */
export function optionIndex(column: ColumnSpec): Map<string, string> {
  const index = new Map<string, string>();
  for (const o of column.options ?? []) {
    for (const alias of [o.code, o.zh, ...o.aliases]) index.set(normaliseOption(alias), o.code);
  }
  return index;
}

export function convertOption(
  raw: RawCell,
  column: ColumnSpec,
  index: Map<string, string>,
): Converted<string> {
  const text = cellText(raw);
  const code = index.get(normaliseOption(text));
  if (code !== undefined) return ok(code);
  const allowed = (column.options ?? []).map((o) => o.zh).join('、');
  return fail(`${quote(text)}无效，应为：${allowed}`);
}

export function isBlank(raw: RawCell): boolean {
  if (typeof raw === 'string' && raw.length > 0) {
    // Most cells start with a character that is not white space.
    const c = raw.charCodeAt(0);
    if ((c > 0x20 && c < 0x7f) || (c >= 0x3400 && c <= 0x9fff)) return false;
  }
  return cellText(raw) === '';
}
