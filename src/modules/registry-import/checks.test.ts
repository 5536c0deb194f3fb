/**
 * The set-wise checks and the merge, row by row: every check's Chinese message with the row it
 * refers to (and the order in which they apply), memberships and person-level categories of people
 * already registered, and statistics that match a full recount whichever way they were kept.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, testContext } from '../../../test/helpers/app.ts';
import { freshIdNumber, makeHousehold } from '../../../test/helpers/registry-factory.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import type { RegionCode } from '../../core/region-code.ts';
import { csvRow } from '../../db/csv.ts';
import type { AppContext } from '../../server/context.ts';
import { type Actor, SYSTEM_ACTOR } from '../access/index.ts';
import { countVillages } from '../stats/repository.ts';
import { importRegistry } from './service.ts';

const V1 = '370402001013';
const V2 = '370402001016';
const V3 = '370402002003'; // another town: outside 中心街街道
const HEAD = ['户编号', '行政区划代码', '身份证号', '姓名', '与户主关系', '劳动能力', '月收入', '救助类别'];

let db: TestDb;
let ctx: AppContext;
let dir: string;
let town: Actor;
let files = 0;

async function csvFile(data: string[][]): Promise<string> {
  const path = join(dir, `roster-${++files}.csv`);
  await writeFile(path, [HEAD, ...data].map((r) => csvRow(r)).join(''));
  return path;
}

/** The statistics table equals a recount of every village from the registry. */
async function expectStatsExact(): Promise<void> {
  const want = await countVillages(db, null);
  const have = await db.query<{ village_code: string; category: string; households: number; people: number }>(
    'SELECT village_code, category, households, people FROM stats_village_category',
  );
  const key = (r: { village_code: string; category: string; households: number; people: number }) =>
    `${r.village_code}|${r.category}|${r.households}|${r.people}`;
  expect(have.map(key).sort()).toEqual(want.map(key).sort());
}

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  ctx = testContext(db);
  dir = await mkdtemp(join(tmpdir(), 'doudi-import-checks-'));
  await makeUser(ctx, 'w_checks', 'town_worker', '370402001000');
  const [u] = await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'w_checks'");
  town = {
    kind: 'user',
    userId: u!.id,
    username: 'w_checks',
    displayName: '中心街经办人',
    role: 'town_worker',
    regionCode: '370402001000' as RegionCode,
    department: null,
  };
});
afterAll(async () => {
  await db.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('registry import checks', () => {
  it('refuses rows in the order the checks apply, each with its row number and reason', async () => {
    const outside = await makeHousehold(db, ctx.keys, { village: V3, householdNo: 'OUT-1' });
    const id = {
      a: freshIdNumber('370402', 1961),
      b: freshIdNumber('370402', 1990),
      c: freshIdNumber('370402', 1962),
      d: freshIdNumber('370402', 1963, 'female'),
      e: freshIdNumber('370402', 1964),
      f: freshIdNumber('370402', 1965, 'female'),
      g: freshIdNumber('370402', 1995),
      h: freshIdNumber('370402', 1966),
      i: freshIdNumber('370402', 1967),
      j: freshIdNumber('370402', 1968),
      k: freshIdNumber('370402', 1969, 'female'),
    };
    const path = await csvFile([
      ['C-1', V1, id.a, '甲一', '户主', '无', '100', '低保'], // 2 ok
      ['C-1', V1, id.a, '甲二', '配偶', '无', '', ''], // 3 same ID number as row 2
      ['C-1', V2, id.b, '甲三', '子女', '无', '', ''], // 4 another village than row 2
      ['C-1', V1, id.c, '甲四', '户主', '无', '', ''], // 5 a second head
      ['C-2', V1, id.d, '乙一', '配偶', '无', '', ''], // 6 no head
      ['C-3', '370402009999', id.e, '丙一', '户主', '无', '', '低保'], // 7 no such village
      ['C-3', V1, id.f, '丙二', '配偶', '无', '', ''], // 8 first good row of C-3, which has no head left
      ['C-3', V2, id.g, '丙三', '子女', '无', '', ''], // 9 disagrees with row 8
      ['OUT-1', V1, id.h, '丁一', '户主', '无', '', ''], // 10 household number used outside the scope
      ['C-4', V1, outside.idNumbers[0]!, '戊一', '户主', '无', '', ''], // 11 person registered outside
      ['C-5', V3, id.i, '己一', '户主', '无', '', ''], // 12 village outside the scope
      ['C-6', V1, id.j, '庚一', '户主', '有', '250.5', '低保边缘'], // 13 ok
      ['C-6', V1, id.k, '庚二', '配偶', '部分', '', ''], // 14 ok
    ]);
    const r = await importRegistry(db, ctx.keys, town, path);
    expect(r.errors).toEqual([
      { row: 3, message: '身份证号与第 2 行重复' },
      { row: 4, message: '与同户第 2 行的行政区划代码不一致' },
      { row: 5, message: '同一户有多个户主（第 2 行已填写户主）' },
      { row: 6, message: '户编号 C-2 没有与户主关系为“户主”的有效行' },
      { row: 7, message: '行政区划代码 370402009999 不存在或不是村（居）一级' },
      { row: 8, message: '户编号 C-3 没有与户主关系为“户主”的有效行' },
      { row: 9, message: '与同户第 8 行的行政区划代码不一致' },
      { row: 10, message: '户编号已被辖区外的家庭使用' },
      { row: 11, message: '该人员已登记在辖区外的家庭，请由其所在地办理迁出' },
      { row: 12, message: `行政区划代码 ${V3} 不在您的辖区内` },
    ]);
    expect(r).toMatchObject({ rows: 13, ok: 3, failed: 10 });
    expect(r.counts).toMatchObject({ householdsCreated: 2, personsCreated: 3, categoriesAdded: 2 });
    const people = await db.query<{ name: string; household_no: string; relation: string; income: number }>(
      `SELECT p.name, h.household_no, ms.relation, p.monthly_income_fen AS income FROM persons p
       JOIN households h ON h.id = p.household_id
       JOIN memberships ms ON ms.person_id = p.id AND ms.to_date IS NULL AND ms.household_id = h.id
       WHERE h.household_no IN ('C-1', 'C-6') ORDER BY p.id`,
    );
    expect(people).toEqual([
      { name: '甲一', household_no: 'C-1', relation: 'head', income: 10000 },
      { name: '庚一', household_no: 'C-6', relation: 'head', income: 25050 },
      { name: '庚二', household_no: 'C-6', relation: 'spouse', income: 0 },
    ]);
    // The rows refused left nothing behind; the import is audited under the worker's name.
    const [n] = await db.query<{ h: number; audit: number }>(
      `SELECT (SELECT count(*) FROM households WHERE household_no IN ('C-2', 'C-3', 'C-4', 'C-5'))::int AS h,
         (SELECT count(*) FROM audit_log WHERE action = 'registry.import' AND object_id = $1)::int AS audit`,
      [r.loadId],
    );
    expect(n).toEqual({ h: 0, audit: 1 });
    await expectStatsExact();
  });

  it('keeps memberships and person-level categories of people already registered in step with the file', async () => {
    const p = freshIdNumber('370402', 1950);
    const q = freshIdNumber('370402', 2001, 'female');
    const rows = [
      ['M-1', V1, p, '王父', '户主', '无', '', '低保'],
      ['M-1', V1, q, '王女', '子女', '无', '', '特困'],
    ];
    const first = await importRegistry(db, ctx.keys, town, await csvFile(rows));
    expect(first.counts).toMatchObject({ householdsCreated: 1, personsCreated: 2, categoriesAdded: 2 });
    await expectStatsExact();

    // The daughter's membership was closed and its relation changed elsewhere: the same file opens
    // a membership again, without touching anything else.
    await db.query(
      `UPDATE memberships SET to_date = '2024-01-01' WHERE person_id = (SELECT p.id FROM persons p WHERE p.name = '王女')`,
    );
    const again = await importRegistry(db, ctx.keys, town, await csvFile(rows));
    expect(again.counts).toEqual({
      householdsCreated: 0,
      householdsUpdated: 0,
      personsCreated: 0,
      personsUpdated: 0,
      personsMoved: 0,
      categoriesAdded: 0,
      categoriesEnded: 0,
    });
    const open = await db.query<{ relation: string; n: number }>(
      `SELECT ms.relation, count(*) OVER ()::int AS n FROM memberships ms JOIN persons p ON p.id = ms.person_id
       WHERE p.name = '王女' AND ms.to_date IS NULL`,
    );
    expect(open).toEqual([{ relation: 'child', n: 1 }]);
    await db.query(
      `UPDATE memberships SET relation = 'other' WHERE to_date IS NULL
         AND person_id = (SELECT p.id FROM persons p WHERE p.name = '王女')`,
    );
    await importRegistry(db, ctx.keys, town, await csvFile(rows));
    const [m] = await db.query<{ relation: string }>(
      `SELECT ms.relation FROM memberships ms JOIN persons p ON p.id = ms.person_id
       WHERE p.name = '王女' AND ms.to_date IS NULL`,
    );
    expect(m!.relation).toBe('child');
    const cats = await db.query<{ category: string; person: boolean }>(
      `SELECT c.category, c.person_id IS NOT NULL AS person FROM category_assignments c
       JOIN households h ON h.id = c.household_id WHERE h.household_no = 'M-1' ORDER BY c.id`,
    );
    expect(cats).toEqual([
      { category: 'dibao', person: false },
      { category: 'tekun', person: true },
    ]);
    await expectStatsExact();
  });

  it('writes history with the source and reason of the import, and recounts villages with changes', async () => {
    const head = freshIdNumber('370402', 1948);
    const wife = freshIdNumber('370402', 1949, 'female');
    const newcomer = freshIdNumber('370402', 1980);
    const base = [
      ['H-1', V1, head, '赵一', '户主', '无', '120', '低保'],
      ['H-1', V1, wife, '钱二', '配偶', '无', '', ''],
    ];
    await importRegistry(db, ctx.keys, SYSTEM_ACTOR, await csvFile(base));
    await expectStatsExact();
    // Same village: a changed income, the wife moves to a new household (which is therefore
    // recounted, not counted from the file), and a new household of new people in V2.
    const path = await csvFile([
      ['H-1', V1, head, '赵一', '户主', '无', '180', '低保'],
      ['H-2', V1, wife, '钱二', '户主', '无', '', '低保边缘'],
      ['H-3', V2, newcomer, '孙三', '户主', '有', '', '其他'],
    ]);
    const r = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, path, {
      fileName: '变更.csv',
      source: 'department_feed',
    });
    expect(r.counts).toMatchObject({
      householdsCreated: 2,
      personsCreated: 1,
      personsUpdated: 2,
      personsMoved: 1,
      categoriesAdded: 2,
    });
    const hist = await db.query<{
      field: string;
      old_value: unknown;
      new_value: unknown;
      source: string;
      reason: string;
    }>(
      `SELECT a.field, a.old_value, a.new_value, a.source, a.reason FROM attribute_history a
       WHERE a.object_type = 'person' AND a.reason = '批量导入：变更.csv' ORDER BY a.field, a.household_id`,
    );
    const entry = (field: string, old_value: unknown, new_value: unknown) => ({
      field,
      old_value,
      new_value,
      source: 'department_feed',
      reason: '批量导入：变更.csv',
    });
    expect(hist).toEqual([
      entry('household', 'H-1', 'H-2'),
      entry('household', 'H-1', 'H-2'),
      entry('monthlyIncome', 120, 180),
      entry('relation', 'spouse', 'head'),
    ]);
    await expectStatsExact();
    const again = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, path);
    expect(again.counts).toMatchObject({ personsUpdated: 0, personsMoved: 0, householdsUpdated: 0 });
    await expectStatsExact();
  });

  it('a file that cannot be read to its end writes nothing, and the next import runs normally', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
    const path = join(dir, 'broken.csv');
    const good = [HEAD, ['B-1', V1, freshIdNumber('370402', 1970), '周一', '户主', '无', '', '低保']];
    // An opening quote never closed: csv-parse gives up after the good row has been read.
    const broken = `B-2,${V1},"${freshIdNumber('370402', 1971)},周二,户主,无,,\n`;
    await writeFile(path, `${good.map((r) => csvRow(r)).join('')}${broken}`);
    await expect(importRegistry(db, ctx.keys, town, path)).rejects.toThrow();
    const [load] = await db.query<{ status: string }>(
      `SELECT status FROM registry_loads WHERE file_name = 'broken.csv'`,
    );
    expect(load!.status).toBe('failed');
    expect(await db.query<{ n: number }>('SELECT count(*)::int AS n FROM persons')).toEqual(before);
    const ok = await importRegistry(
      db,
      ctx.keys,
      town,
      await csvFile([['B-3', V1, freshIdNumber('370402', 1972), '周三', '户主', '无', '', '']]),
    );
    expect(ok).toMatchObject({ ok: 1, failed: 0 });
    await expectStatsExact();
  });
});
