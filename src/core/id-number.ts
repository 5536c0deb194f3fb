/**
 * 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd = male),
 * 1 check character computed with ISO 7064 MOD 11-2.
 */
import { AppError } from './errors.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type Sex = 'male' | 'female';

/** A validated 18-character ID number. The brand keeps unchecked strings out of typed code. */
export type IdNumber = string & { readonly __brand: 'IdNumber' };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdProblem = 'format' | 'birthDate' | 'checksum';

/** Explains why a string is not a valid ID number, or returns null when it is. */
export function idNumberProblem(raw: string): IdProblem | null {
  if (!/^\d{17}[\dX]$/.test(raw)) return 'format';
  if (!isValidBirthDate(raw.slice(6, 14))) return 'birthDate';
  if (checkCharacter(raw.slice(0, 17)) !== raw[17]) return 'checksum';
  return null;
}

const PROBLEM_TEXT: Record<IdProblem, string> = {
  format: '应为18位，前17位为数字，末位为数字或X',
  birthDate: '出生日期不存在',
  checksum: '校验码错误',
};

export const idProblemText = (p: IdProblem): string => PROBLEM_TEXT[p];

export function isIdNumber(raw: string): raw is IdNumber {
  return idNumberProblem(raw) === null;
}

/** Normalises (trim, upper-case x) and validates; throws INVALID_ID_NUMBER with the reason. */
export function parseIdNumber(raw: string): IdNumber {
  const s = normaliseIdNumber(raw);
  const problem = idNumberProblem(s);
  if (problem) throw new AppError('INVALID_ID_NUMBER', PROBLEM_TEXT[problem]);
  return s as IdNumber;
}

export const normaliseIdNumber = (raw: string): string => raw.trim().toUpperCase();

function isValidBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1850 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Birth date as YYYY-MM-DD. */
export function birthDateOf(id: IdNumber): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function sexOf(id: IdNumber): Sex {
  return Number(id[16]) % 2 === 1 ? 'male' : 'female';
}

/** Full years of age on `onDate` (YYYY-MM-DD). A person born on 29 Feb turns a year older on 1 Mar. */
export function ageOn(id: IdNumber, onDate: string): number {
  return ageFromBirthDate(birthDateOf(id), onDate);
}

export function ageFromBirthDate(birth: string, onDate: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/** Converts a 15-digit (pre-1999) number to 18 digits: century 19 inserted, check character appended. */
export function convert15To18(raw15: string): IdNumber {
  const s = raw15.trim();
  if (!/^\d{15}$/.test(s)) throw new AppError('INVALID_ID_NUMBER', '15位身份证号码应全部为数字');
  const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
  return parseIdNumber(first17 + checkCharacter(first17));
}

/** 110***********1234: the first 3 and last 4 characters, the rest starred. */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** Builds a valid ID number from its parts; used by demo data and tests. */
export function makeIdNumber(region6: string, birth: string, sequence3: number): IdNumber {
  const first17 = `${region6}${birth.replaceAll('-', '')}${String(sequence3).padStart(3, '0')}`;
  return (first17 + checkCharacter(first17)) as IdNumber;
}
