/**
 * Where the demo population lives: every village of the seed jurisdictions gets a share of the
 * households (counties weighted unevenly so the dashboard has something to show), and the towns of
 * the demo accounts get at least a few hundred people each, so every demo login finds work.
 */

import type { Queryable } from '../../db/types.ts';
import { DEMO_ACCOUNTS } from '../accounts.ts';
import { Rng } from './random.ts';

export const DEMO_SIZES: Record<string, number> = { small: 20_000, county: 200_000, province: 2_000_000 };

/** Ages and dates are computed against this day, not today, so a seed always gives the same data. */
export const DEMO_AS_OF = '2026-01-01';
export const DEFAULT_SEED = 'doudi-demo-1';

export function parseDemoSize(size: string): number {
  const named = DEMO_SIZES[size];
  if (named) return named;
  const n = Number(size.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0 || n > 50_000_000) {
    throw new Error(`演示规模应为 small、county、province 或 0–50000000 之间的人数，而不是“${size}”`);
  }
  return n;
}

export type Village = { code: string; name: string };

export type VillageQuota = Village & { households: number };

/** Towns (9-digit prefixes) of the demo accounts below county level. */
export function demoTownPrefixes(): string[] {
  const out = new Set<string>();
  for (const a of DEMO_ACCOUNTS) {
    const c = a.regionCode;
    if (c.slice(6, 9) !== '000') out.add(c.slice(0, 9));
  }
  return [...out].sort();
}

export async function loadVillages(q: Queryable): Promise<Village[]> {
  return q.query<Village>(`SELECT code, name FROM regions WHERE level = 'village' ORDER BY code`);
}

/**
 * Households per village for a people target. Systematic apportionment over cumulative weights
 * (deterministic, no per-person state): village i gets round(C_i) − round(C_{i−1}).
 */
export function allocate(
  villages: readonly Village[],
  people: number,
  seed: string,
  peoplePerHousehold: number,
): VillageQuota[] {
  if (villages.length === 0 || people === 0) return villages.map((v) => ({ ...v, households: 0 }));
  const totalHouseholds = Math.round(people / peoplePerHousehold);
  const demoTowns = demoTownPrefixes();
  const townSizes = new Map<string, number>();
  for (const v of villages) {
    const t = v.code.slice(0, 9);
    if (demoTowns.includes(t)) townSizes.set(t, (townSizes.get(t) ?? 0) + 1);
  }
  // Reserved households in demo towns: their natural share, but at least ~300 people per town.
  const natural = totalHouseholds / villages.length;
  const minPerTown = Math.min(Math.ceil(300 / peoplePerHousehold), Math.floor(totalHouseholds / 20));
  const countyWeight = new Map<string, number>();
  const weights = villages.map((v) => {
    const county = v.code.slice(0, 6);
    let cw = countyWeight.get(county);
    if (cw === undefined) {
      cw = new Rng(`${seed}:weight:${county}`).between(0.4, 1.6);
      countyWeight.set(county, cw);
    }
    const townSize = townSizes.get(v.code.slice(0, 9));
    if (townSize) return Math.max(natural, minPerTown / townSize) / natural;
    return cw;
  });
  const W = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  let prev = 0;
  return villages.map((v, i) => {
    acc += weights[i]!;
    const upTo = Math.round((totalHouseholds * acc) / W);
    const households = upTo - prev;
    prev = upTo;
    return { ...v, households };
  });
}

/** Urban (居委会, village segment 001–199) or rural (村委会, 200 and up), per the NBS code rules. */
export const residenceOf = (villageCode: string): 'urban' | 'rural' =>
  Number(villageCode.slice(9)) < 200 ? 'urban' : 'rural';

/** 荷花村村民委员会 → 荷花村, 大池社区居民委员会 → 大池社区 (for demo addresses). */
export function placeName(villageName: string): string {
  return villageName.replace(/(村民委员会|居民委员会|村委会|居委会)$/, '') || villageName;
}
