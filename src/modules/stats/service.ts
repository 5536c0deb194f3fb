/**
 * Statistics from the pre-aggregated village × category table. Writers (households, imports, demo)
 * call `recountVillages` in their own transaction for the villages they touched; bulk loads replace
 * counts wholesale. Readers never scan the people.
 */
import { AppError } from '../../core/errors.ts';
import { levelOf, parseRegionCode, type RegionCode } from '../../core/region-code.ts';
import type { Queryable } from '../../db/types.ts';
import { type Actor, rangeOf, requireInScope, requirePermission } from '../access/index.ts';
import { CATEGORIES, type Category } from '../households/schema.ts';
import * as regions from '../regions/repository.ts';
import * as repo from './repository.ts';

export type VillageCounts = {
  villageCode: string;
  category: Category | '_all';
  households: number;
  people: number;
};

/** Recomputes the counts of these villages from the base tables (same transaction as the change). */
export async function recountVillages(tx: Queryable, villages: Iterable<string>): Promise<void> {
  const list = [...new Set(villages)].sort();
  if (list.length === 0) return;
  if (list.length <= 200) {
    const rows = await repo.countVillages(tx, list);
    await repo.deleteVillages(tx, list);
    await repo.insertRows(tx, rows);
    return;
  }
  // Many villages (a bulk import): one pass joined to a table of them instead of long arrays.
  await repo.recountMany(tx, list);
}

const toRow = (r: VillageCounts) => ({
  village_code: r.villageCode,
  category: r.category,
  households: r.households,
  people: r.people,
});

/**
 * Adds figures computed elsewhere to the counts of these villages (a registry import whose new
 * households are all that changed in a village: counting them beats recounting the village).
 */
export async function addVillageCounts(tx: Queryable, rows: readonly VillageCounts[]): Promise<void> {
  if (rows.length === 0) return;
  await repo.addRows(tx, rows.map(toRow));
}

/** Replaces the counts of these villages with figures computed elsewhere (demo load). */
export async function replaceVillageCounts(
  tx: Queryable,
  villages: readonly string[],
  rows: readonly VillageCounts[],
  opts: { knownEmpty?: boolean } = {},
): Promise<void> {
  const CHUNK = 20_000;
  if (!opts.knownEmpty) {
    for (let i = 0; i < villages.length; i += CHUNK)
      await repo.deleteVillages(tx, villages.slice(i, i + CHUNK));
  }
  await repo.insertRows(tx, rows.map(toRow));
}

/** Full rebuild after bulk changes outside the services (`doudi registry recount`). */
export async function rebuildAll(tx: Queryable): Promise<number> {
  const rows = await repo.countVillages(tx, null);
  await repo.deleteVillages(tx, null);
  await repo.insertRows(tx, rows);
  return rows.length;
}

export type CategoryFigures = { households: number; people: number };

export type StatsOverview = {
  region: { code: string; name: string; level: string };
  totals: { households: number; people: number; byCategory: Partial<Record<Category, CategoryFigures>> };
  children: Array<{
    code: string;
    name: string;
    level: string;
    people: number;
    households: number;
    byCategory: Partial<Record<Category, number>>;
  }>;
  updatedAt: string | null;
};

const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);

/** Households and people by category for a region and each of its direct children. */
export async function overview(q: Queryable, actor: Actor, rawRegion?: string): Promise<StatsOverview> {
  requirePermission(actor, 'stats.read');
  let code: RegionCode;
  if (rawRegion) code = parseRegionCode(rawRegion);
  else if (actor.kind === 'user') code = actor.regionCode;
  else throw new AppError('VALIDATION_FAILED', '请指定行政区划');
  requireInScope(actor, code, { action: 'stats.read', objectType: 'region', objectId: code });
  const self = await regions.findByCode(q, code);
  if (!self) throw new AppError('NOT_FOUND', `行政区划 ${code} 不存在`);

  const { lo, hi } = rangeOf(code);
  const total = await repo.sumRange(q, lo, hi);
  const totals: StatsOverview['totals'] = { households: 0, people: 0, byCategory: {} };
  for (const r of total.rows) {
    if (r.category === '_all') {
      totals.households = r.households;
      totals.people = r.people;
    } else if (isCategory(r.category)) {
      totals.byCategory[r.category] = { households: r.households, people: r.people };
    }
  }

  const kids = levelOf(code) === 'village' ? [] : await regions.children(q, code);
  const ranges = kids.map((k) => ({ code: k.code, ...rangeOf(k.code as RegionCode) }));
  const sums = await repo.sumByRanges(q, ranges);
  const byChild = new Map(
    kids.map((k) => [
      k.code,
      {
        code: k.code,
        name: k.name,
        level: k.level,
        people: 0,
        households: 0,
        byCategory: {} as Partial<Record<Category, number>>,
      },
    ]),
  );
  for (const s of sums) {
    const c = byChild.get(s.code);
    if (!c) continue;
    if (s.category === '_all') {
      c.people = s.people;
      c.households = s.households;
    } else if (isCategory(s.category)) c.byCategory[s.category] = s.people;
  }
  return {
    region: { code: self.code, name: self.name, level: self.level },
    totals,
    children: [...byChild.values()],
    updatedAt: total.updatedAt ? total.updatedAt.toISOString() : null,
  };
}
