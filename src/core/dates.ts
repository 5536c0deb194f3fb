/**
 * Calendar dates are `YYYY-MM-DD` strings in Asia/Shanghai (UTC+8, no DST). Instants are stored in
 * UTC and shown in Asia/Shanghai.
 */
import { AppError } from './errors.ts';

export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3600 * 1000;

export type IsoDate = string & { readonly __brand: 'IsoDate' };

export function parseIsoDate(raw: string): IsoDate {
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const dt = new Date(Date.UTC(y, mo - 1, d));
    if (dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d)
      return s as IsoDate;
  }
  throw new AppError('INVALID_DATE', `“${s.slice(0, 20)}”应为有效的 YYYY-MM-DD 日期`);
}

export function isIsoDate(raw: string): raw is IsoDate {
  try {
    parseIsoDate(raw);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date in Shanghai at an instant. */
export function shanghaiDate(at: Date = new Date()): IsoDate {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10) as IsoDate;
}

/** "2025-03-01 08:30:00" in Shanghai time. */
export function formatShanghai(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10) as IsoDate;
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}` as IsoDate;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
