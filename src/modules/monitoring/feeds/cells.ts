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

const PLAIN_ID = /^\d{17}[\dXx]$/;

export function convertIdNumber(raw: RawCell): Converted<IdNumber> {
  if (typeof raw === 'string' && PLAIN_ID.test(raw)) {
    // The common case, without Unicode normalisation.
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `YYYY-MM-DD` names a real day (cheaper than building a Date). */
function realDay(d: string): boolean {
  const m = PLAIN_DATE.exec(d);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const day = Number(m[3]);
  if (mo < 1 || mo > 12 || day < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return day <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!);
}

export function convertDate(raw: RawCell, today: IsoDate | undefined): Converted<IsoDate> {
  const d = typeof raw === 'string' && raw.length === 10 && PLAIN_DATE.test(raw) ? raw : dateText(raw);
  if (d === null || !realDay(d)) return fail(`${quote(cellText(raw))}不是有效日期（应为 YYYY-MM-DD）`);
  if (d < '1900-01-01') return fail(`${quote(d)}早于1900年`);
  if (today !== undefined && d > today) return fail(`${quote(d)}晚于今天（${today}）`);
  return ok(d as IsoDate);
}

const PLAIN_YUAN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

export function convertYuan(raw: RawCell): Converted<Fen> {
  if (typeof raw === 'string') {
    // The common case: digits with up to two decimals, converted without a second parse.
    const m = PLAIN_YUAN.exec(raw);
    if (m) return ok((Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))) as Fen);
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
  const value = yuanToFen(text);
  if (value > 100_000_000_000) return fail(`${formatYuan(value)} 元超出合理范围`);
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

export function convertText(raw: RawCell): Converted<string> {
  const s = cellText(raw).normalize('NFKC').replace(/\s+/g, ' ');
  if (garbled(s)) return fail(GARBLED);
  return s.length > MAX_TEXT ? fail(`超过${MAX_TEXT}个字`) : ok(s);
}

export function convertName(raw: RawCell): Converted<string> {
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

export const isBlank = (raw: RawCell): boolean => cellText(raw) === '';
