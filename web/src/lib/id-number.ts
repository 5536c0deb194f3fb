/**
 * 居民身份证号码 check (GB 11643-1999, ISO 7064 MOD 11-2), the same rule as the server's
 * src/core/id-number.ts, so a typo is caught in the form before anything is sent.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

function isValidBirthDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1850 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Why `raw` is not a valid ID number (Chinese, as the server words it), or null when it is. */
export function idNumberProblem(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号码应为18位，前17位为数字，末位为数字或X';
  if (!isValidBirthDate(s.slice(6, 14))) return '身份证号码出生日期不存在';
  if (checkCharacter(s.slice(0, 17)) !== s[17]) return '身份证号码校验码错误';
  return null;
}

/** Birth date (YYYY-MM-DD) of a valid number. */
export const birthDateOf = (id: string): string =>
  `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
