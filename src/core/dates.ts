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

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date, by arithmetic on its digits (H. Hinnant's
 * days_from_civil): the warning rules and the bulk loaders call this millions of times, where building
 * Date objects and ISO strings dominated.
 */
export function epochDay(date: string): number {
  const y = digitAt(date, 0) * 1000 + digitAt(date, 1) * 100 + digitAt(date, 2) * 10 + digitAt(date, 3);
  const m = digitAt(date, 5) * 10 + digitAt(date, 6);
  const d = digitAt(date, 8) * 10 + digitAt(date, 9);
  if (date.length !== 10 || !(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 0)) {
    throw new AppError('INVALID_DATE', `“${date.slice(0, 20)}”应为有效的 YYYY-MM-DD 日期`);
  }
  return daysFromCivil(y, m, d);
}

// At module level, not a closure inside epochDay: tsx names every closure it creates
// (`__name`, an Object.defineProperty per call), which cost 0.7 s per million people in the demo
// generator and as much in a monitoring run.
const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The `YYYY-MM-DD` date of a day number (inverse of `epochDay`; H. Hinnant's civil_from_days). */
export function isoOfEpochDay(days: number): IsoDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${pad2(month)}-${pad2(day)}` as IsoDate;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOfEpochDay(epochDay(date) + days);
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
  return epochDay(to) - epochDay(from);
}
