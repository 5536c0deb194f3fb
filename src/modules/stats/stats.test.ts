/**
 * The pre-aggregated statistics: the overview's shape and drill-down, scope, and the invariant that
 * the counts kept on every change equal a full recount from the base tables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHousehold } from '../../../test/helpers/registry-factory.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import type { RegionCode } from '../../core/region-code.ts';
import type { Actor } from '../access/index.ts';
import { type CountRow, countVillages } from './repository.ts';
import { overview, rebuildAll } from './service.ts';

let db: TestDb;
const keys = generateKeys();
const worker = (regionCode: string): Actor => ({
  kind: 'user',
  userId: '00000000-0000-0000-0000-000000000001',
  username: 'u',
  displayName: 'u',
  role: 'civil_admin',
  regionCode: regionCode as RegionCode,
  department: null,
});

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  // 荷花村: a 低保 household of 3 with a 特困 member; 同心村: an edge household; 社坛镇: one 低保 person.
  await makeHousehold(db, keys, {
    village: '500230101201',
    members: [{}, { category: 'tekun' }, {}],
    category: 'dibao',
  });
  await makeHousehold(db, keys, { village: '500230101202', members: [{}, {}], category: 'dibao_edge' });
  await makeHousehold(db, keys, { village: '500230101202', members: [{}], category: null });
  const [shetanVillage] = await db.query<{ code: string }>(
    "SELECT code FROM regions WHERE level = 'village' AND code LIKE '500230102%' ORDER BY code LIMIT 1",
  );
  await makeHousehold(db, keys, { village: shetanVillage!.code, members: [{}], category: 'dibao' });
});
afterAll(() => db.dispose());

describe('stats overview', () => {
  it('gives totals by category and one line per child region', async () => {
    const o = await overview(db, worker('500230000000'));
    expect(o.region).toEqual({ code: '500230000000', name: '丰都县', level: 'county' });
    expect(o.totals.households).toBe(3);
    expect(o.totals.people).toBe(6);
    expect(o.totals.byCategory.dibao).toEqual({ households: 2, people: 4 });
    expect(o.totals.byCategory.tekun).toEqual({ households: 1, people: 1 });
    expect(o.totals.byCategory.dibao_edge).toEqual({ households: 1, people: 2 });
    const huwei = o.children.find((c) => c.code === '500230101000')!;
    expect(huwei).toMatchObject({ name: '虎威镇', level: 'town', people: 5, households: 2 });
    expect(huwei.byCategory).toEqual({ dibao: 3, tekun: 1, dibao_edge: 2 });
    expect(o.updatedAt).not.toBeNull();
  });

  it('drills down to a village and refuses regions outside scope', async () => {
    const v = await overview(db, worker('500230101000'), '500230101201');
    expect(v.children).toEqual([]);
    expect(v.totals.people).toBe(3);
    await expect(overview(db, worker('500230102000'), '500230101000')).rejects.toMatchObject({ status: 404 });
  });

  it('the kept counts equal a full recount', async () => {
    const key = (r: { village_code: string; category: string }) => `${r.village_code}|${r.category}`;
    const byKey = (
      a: { village_code: string; category: string },
      b: { village_code: string; category: string },
    ) => (key(a) < key(b) ? -1 : 1);
    const kept = (
      await db.query<CountRow>(
        'SELECT village_code, category, households, people FROM stats_village_category',
      )
    ).sort(byKey);
    const fresh = (await countVillages(db, null)).sort(byKey);
    expect(kept).toEqual(fresh);
    expect(await db.transaction((tx) => rebuildAll(tx))).toBe(fresh.length);
  });
});
