/** Pure helpers on 12-digit region codes (PP CC DD TTT VVV). */
import type { RegionLevel } from './labels';

const PREFIX_LENGTH: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, town: 9, village: 12 };

export const isRegionCode = (s: string | null | undefined): s is string => !!s && /^\d{12}$/.test(s);

/** True when `code` is the region `scope` (of level `scopeLevel`) or lies inside it. */
export function isWithin(code: string, scope: string, scopeLevel: RegionLevel): boolean {
  return code.startsWith(scope.slice(0, PREFIX_LENGTH[scopeLevel]));
}
