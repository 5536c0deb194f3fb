/**
 * 12-digit statistical division codes `PP CC DD TTT VVV`. A shorter prefix (2, 4, 6 or 9 digits)
 * padded with zeros names a higher-level region; "within my region" is a prefix test.
 */
import { AppError } from './errors.ts';

export const REGION_LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const PREFIX_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  town: 9,
  village: 12,
};

export const LEVEL_NAME: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  town: '乡镇(街道)',
  village: '村(居)',
};

export type RegionCode = string & { readonly __brand: 'RegionCode' };

/** Accepts a 2/4/6/9/12-digit prefix or a padded 12-digit code; returns the padded 12-digit form. */
export function parseRegionCode(raw: string): RegionCode {
  const s = raw.trim();
  if (!/^\d+$/.test(s) || ![2, 4, 6, 9, 12].includes(s.length)) {
    throw new AppError('INVALID_REGION_CODE', `“${s.slice(0, 20)}”应为2、4、6、9或12位数字`);
  }
  const padded = s.padEnd(12, '0');
  if (padded.slice(0, 2) === '00') throw new AppError('INVALID_REGION_CODE', '省级代码不能为00');
  // Levels may be skipped (东莞 441900 has towns directly under the city: 441900003000), so the
  // level is that of the last non-zero segment.
  return padded as RegionCode;
}

function levelOfPadded(code: string): RegionLevel {
  if (code.slice(9) !== '000') return 'village';
  if (code.slice(6, 9) !== '000') return 'town';
  if (code.slice(4, 6) !== '00') return 'county';
  if (code.slice(2, 4) !== '00') return 'city';
  return 'province';
}

export function levelOf(code: RegionCode): RegionLevel {
  return levelOfPadded(code);
}

/** The significant prefix: 370402000000 → 370402. */
export function prefixOf(code: RegionCode): string {
  return code.slice(0, PREFIX_LENGTH[levelOf(code)]);
}

export function padRegion(prefix: string): RegionCode {
  return parseRegionCode(prefix);
}

export function parentOf(code: RegionCode): RegionCode | null {
  const idx = REGION_LEVELS.indexOf(levelOf(code));
  if (idx === 0) return null;
  const parentLevel = REGION_LEVELS[idx - 1]!;
  return code.slice(0, PREFIX_LENGTH[parentLevel]).padEnd(12, '0') as RegionCode;
}

/** Ancestors from the province down to the parent (not including `code`). */
export function ancestorsOf(code: RegionCode): RegionCode[] {
  const out: RegionCode[] = [];
  for (let p = parentOf(code); p; p = parentOf(p)) out.unshift(p);
  return out;
}

/** True when `inner` is `outer` or lies within it. */
export function contains(outer: RegionCode, inner: RegionCode): boolean {
  return inner.startsWith(prefixOf(outer));
}
