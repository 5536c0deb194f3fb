/**
 * Loading feeds on a real database: matching by blind index, leads, row errors, and that the same
 * file or the same rows loaded again add nothing and raise nothing.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { feedFile, makeHousehold, type TestHousehold } from './__fixtures__/registry.ts';
import { importFeed } from './import.ts';
import { runMonitoring } from './run.ts';

const keys = generateKeys();
const deps = { keys };
const TODAY = '2025-03-15' as IsoDate;
const opts = { today: TODAY, runDate: TODAY };
const VILLAGE = '370402001013';

let db: TestDb;
let h: TestHousehold;

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  h = await db.transaction((tx) =>
    makeHousehold(tx, keys, VILLAGE, [
      { name: '赵大山', incomeFen: 150000 },
      { name: '钱小花', relation: 'spouse' },
    ]),
  );
});
afterAll(() => db.dispose());

const count = async (sql: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0]!.n;

describe('importFeed', () => {
  const outsider = makeIdNumber('370402', '2009-03-04', 11);
  let path: string;

  it('loads valid rows, matches people by blind index, keeps leads and row errors', async () => {
    path = feedFile(
      ['身份证号码', '姓名', '登记日期'],
      [
        [h.members[0]!.idNumber, '赵大山', '2025-02-03'],
        [h.members[1]!.idNumber, '钱小花', '2025/2/10'],
        [outsider, '孙小明', '2025-01-20'],
        ['370402198506150125', '李错号', '2025-01-20'],
        [h.members[1]!.idNumber, '钱小花', '2025-02-30'],
      ],
    );
    const r = await importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path }, opts);
    expect(r.batch).toMatchObject({
      status: 'done',
      rows_read: 5,
      rows_rejected: 2,
      rows_added: 3,
      rows_duplicate: 0,
      rows_matched: 2,
      leads_added: 1,
    });
    expect(r.errors).toEqual([
      '第5行：身份证号码校验码错误',
      expect.stringMatching(/^第6行：登记日期“2025-02-30”/),
    ]);
    const stored = await db.query<{ row_number: number; message: string }>(
      'SELECT row_number, message FROM feed_batch_errors WHERE batch_id = $1 ORDER BY row_number',
      [r.batch.id],
    );
    expect(stored.map((e) => e.row_number)).toEqual([5, 6]);

    // Facts never hold the ID number; the ID is stored only encrypted and blind-indexed.
    const rows = await db.query<{
      facts: Record<string, unknown>;
      person_id: number | null;
      region_code: string;
    }>('SELECT facts, person_id, region_code FROM feed_rows WHERE batch_id = $1 ORDER BY row_number', [
      r.batch.id,
    ]);
    expect(JSON.stringify(rows)).not.toContain(h.members[0]!.idNumber);
    expect(rows.map((x) => x.person_id)).toEqual([h.members[0]!.id, h.members[1]!.id, null]);
    expect(rows[0]!.region_code).toBe(VILLAGE);
    expect(rows[2]!.region_code).toBe('370402000000');

    const [lead] = await db.query<{
      name: string;
      id_mask: string;
      region_code: string;
      feed_types: string[];
    }>('SELECT name, id_mask, region_code, feed_types FROM monitoring_leads');
    expect(lead).toMatchObject({ name: '孙小明', region_code: '370402000000', feed_types: ['unemployment'] });
    expect(lead!.id_mask).toBe(`370***********${outsider.slice(-4)}`);

    // The incremental run raised one warning per registration, each with its task.
    expect(r.run).toMatchObject({
      kind: 'incremental',
      status: 'done',
      householdsTotal: 1,
      warningsRaised: 2,
    });
    expect(await count(`SELECT 1 FROM warnings WHERE type = 'unemployment'`)).toBe(2);
    expect(await count('SELECT 1 FROM verification_tasks')).toBe(2);
    // The batch was claimed by the run: its rows are no longer new to later runs.
    expect(r.batch.run_id).toBe(r.run!.id);
    expect(await count('SELECT 1 FROM feed_batches WHERE run_id IS NULL AND rows_added > 0')).toBe(0);
  });

  it('the same file again adds nothing and reads nothing', async () => {
    const r = await importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path }, opts);
    expect(r.batch.status).toBe('duplicate');
    expect(r.batch.duplicate_of).toBeGreaterThan(0);
    expect(r.run).toBeNull();
    expect(await count('SELECT 1 FROM feed_rows')).toBe(3);
    expect(await count('SELECT 1 FROM warnings')).toBe(2);
  });

  it('the same rows in another file (other headers, date format, order) add nothing', async () => {
    const other = feedFile(
      ['registered_on', 'ID Number', 'Name'],
      [
        ['20250210', h.members[1]!.idNumber, '钱小花'],
        ['2025年2月3日', h.members[0]!.idNumber, '赵大山'],
      ],
    );
    const r = await importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path: other }, opts);
    expect(r.batch).toMatchObject({ status: 'done', rows_read: 2, rows_added: 0, rows_duplicate: 2 });
    expect(r.run).toBeNull();
    expect(await count('SELECT 1 FROM feed_rows')).toBe(3);
    expect(await count('SELECT 1 FROM warnings')).toBe(2);
  });

  it('pushed rows go through the same validation and dedup', async () => {
    const rows = [
      { 身份证号码: h.members[0]!.idNumber, 姓名: '赵大山', 登记日期: '2025-02-03' },
      { id_number: outsider, name: '孙小明', registered_on: '2025-03-01' },
      { id_number: '123', name: '坏号' },
    ];
    const r = await importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'rows', rows }, opts);
    expect(r.batch).toMatchObject({
      source: 'push',
      rows_read: 3,
      rows_added: 1,
      rows_duplicate: 1,
      rows_rejected: 1,
    });
    expect(r.errors[0]).toMatch(/^第3行：/);
    const [lead] = await db.query<{ rows: number }>('SELECT rows FROM monitoring_leads');
    expect(lead!.rows).toBe(2);
  });

  it('a row repeated inside one file is added once; two files with the same new rows loaded at once add them once', async () => {
    const someone = makeIdNumber('370402', '2001-07-08', 23);
    const row = [someone, '周同行', '2025-03-01'];
    const twice = feedFile(['身份证号码', '姓名', '登记日期'], [row, row, [someone, '周同行', '2025-03-02']]);
    const r = await importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path: twice }, opts);
    expect(r.batch).toMatchObject({ status: 'done', rows_read: 3, rows_added: 2, rows_duplicate: 1 });

    const fresh = [makeIdNumber('370402', '2002-01-02', 31), '吴并发', '2025-03-03'];
    const a = feedFile(['身份证号码', '姓名', '登记日期'], [fresh, row]);
    const b = feedFile(['登记日期', '身份证号码', '姓名'], [[fresh[2]!, fresh[0]!, fresh[1]!]]);
    const before = await count('SELECT 1 FROM feed_rows');
    const both = await Promise.all([
      importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path: a }, opts),
      importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path: b }, opts),
    ]);
    expect(both.map((x) => x.batch.status)).toEqual(['done', 'done']);
    expect(both[0]!.batch.rows_added + both[1]!.batch.rows_added).toBe(1);
    expect(await count('SELECT 1 FROM feed_rows')).toBe(before + 1);
  });

  it('a known lead seen in another feed gains the feed type, the rows and a village over its county', async () => {
    const before = (
      await db.query<{ rows: number }>('SELECT rows FROM monitoring_leads WHERE name = $1', ['孙小明'])
    )[0]!.rows;
    const r = await importFeed(
      db,
      deps,
      SYSTEM_ACTOR,
      'relapse_monitor',
      {
        kind: 'file',
        path: feedFile(
          ['身份证号码', '姓名', '监测类型', '户主身份证号码', '识别日期'],
          [[outsider, '孙小明', '突发严重困难户', h.members[0]!.idNumber, '2025-02-05']],
        ),
      },
      { ...opts, run: false },
    );
    expect(r.batch).toMatchObject({ rows_added: 1, leads_added: 0 });
    const [lead] = await db.query<{ rows: number; region_code: string; feed_types: string[] }>(
      'SELECT rows, region_code, feed_types FROM monitoring_leads WHERE name = $1',
      ['孙小明'],
    );
    expect(lead).toEqual({
      rows: before + 1,
      region_code: VILLAGE,
      feed_types: ['unemployment', 'relapse_monitor'],
    });
  });

  it('a row loaded before its person was in the database is not loaded again once the person is', async () => {
    const late = makeIdNumber('370402', '1988-08-08', 41);
    const row = [late, '郑后来', '2025-03-04'];
    const header = ['身份证号码', '姓名', '登记日期'];
    const first = await importFeed(
      db,
      deps,
      SYSTEM_ACTOR,
      'unemployment',
      { kind: 'file', path: feedFile(header, [row]) },
      { ...opts, run: false },
    );
    expect(first.batch).toMatchObject({ rows_added: 1, rows_matched: 0, leads_added: 1 });
    await db.transaction((tx) =>
      makeHousehold(tx, keys, VILLAGE, [{ name: '郑后来', idNumber: late }], { category: null }),
    );
    // Another file with the same row: now it names a person in the database, and it is still the same row.
    const again = await importFeed(
      db,
      deps,
      SYSTEM_ACTOR,
      'unemployment',
      { kind: 'file', path: feedFile(['登记日期', '身份证号码', '姓名'], [[row[2]!, row[0]!, row[1]!]]) },
      { ...opts, run: false },
    );
    expect(again.batch).toMatchObject({ rows_added: 0, rows_duplicate: 1 });
    // A full run matches the stored row to the person; the row sent once more still adds nothing.
    await runMonitoring(db, deps, { kind: 'full', actor: SYSTEM_ACTOR, runDate: TODAY });
    const stored = `SELECT person_id FROM feed_rows WHERE name = '郑后来'`;
    expect((await db.query<{ person_id: number | null }>(stored)).map((r) => r.person_id !== null)).toEqual([
      true,
    ]);
    const third = await importFeed(
      db,
      deps,
      SYSTEM_ACTOR,
      'unemployment',
      { kind: 'rows', rows: [{ 身份证号码: late, 姓名: '郑后来', 登记日期: '2025-03-04' }] },
      { ...opts, run: false },
    );
    expect(third.batch).toMatchObject({ rows_added: 0, rows_duplicate: 1 });
    expect(await count(stored)).toBe(1);
  });

  it('a file missing a required column fails the batch with one Chinese message', async () => {
    const bad = feedFile(['身份证号码', '姓名'], [[h.members[0]!.idNumber, '赵大山']]);
    await expect(
      importFeed(db, deps, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path: bad }, opts),
    ).rejects.toThrow(/缺少必填列：登记日期/);
    const [b] = await db.query<{ status: string; file_error: string }>(
      'SELECT status, file_error FROM feed_batches ORDER BY id DESC LIMIT 1',
    );
    expect(b).toMatchObject({ status: 'failed' });
    expect(b!.file_error).toMatch(/登记日期/);
  });

  it('a 防止返贫 row naming a household head in the database tells the lead’s village', async () => {
    const stranger = makeIdNumber('370402', '1990-07-07', 21);
    const path2 = feedFile(
      ['身份证号码', '姓名', '监测类型', '户主身份证号码', '识别日期'],
      [[stranger, '周新来', '突发严重困难户', h.members[0]!.idNumber, '2025-01-05']],
    );
    writeFileSync(`${path2}.keep`, '');
    const r = await importFeed(
      db,
      deps,
      SYSTEM_ACTOR,
      'relapse_monitor',
      { kind: 'file', path: path2 },
      opts,
    );
    expect(r.batch.leads_added).toBe(1);
    const [lead] = await db.query<{ region_code: string }>(
      `SELECT region_code FROM monitoring_leads WHERE name = '周新来'`,
    );
    expect(lead!.region_code).toBe(VILLAGE);
    const [row] = await db.query<{ facts: Record<string, unknown> }>(
      `SELECT facts FROM feed_rows WHERE feed_type = 'relapse_monitor'`,
    );
    expect(row!.facts.household_head_id).toBeNull();
  });
});
