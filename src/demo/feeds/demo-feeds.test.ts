/**
 * The demo feeds on a real database with a demo population: every feed-driven warning type appears,
 * leads are listed for the towns, the faulty rows are reported, the earlier delivery leaves an
 * overdue task escalated to the county (丰都县's admin sees it on the board), and a second
 * `doudi demo` adds nothing.
 */
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import { addDays, shanghaiDate } from '../../core/dates.ts';
import type { RegionCode } from '../../core/region-code.ts';
import type { Actor } from '../../modules/access/actor.ts';
import { WARNING_TYPE_LIST } from '../../modules/monitoring/rules/types.ts';
import { board, boardQuerySchema, listTasks, taskQuerySchema } from '../../modules/monitoring/warnings.ts';
import { DEMO_ACCOUNTS } from '../accounts.ts';
import { loadDemoPopulation } from '../population/index.ts';
import { loadDemoFeeds } from './index.ts';
import { EARLIER_DAYS_AGO } from './plan.ts';

const keys = generateKeys();
const dataDir = mkdtempSync(join(tmpdir(), 'doudi-demo-'));
let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  await loadDemoPopulation(db, keys, 4000);
});
afterAll(() => db.dispose());

describe('demo feeds', () => {
  it('write CSV and XLSX files and raise a warning of every feed-driven type', async () => {
    const r = await loadDemoFeeds(db, keys, dataDir);
    const files = (await readdir(join(dataDir, 'demo-feeds'))).filter((f) => !f.startsWith('.'));
    // One file per feed type, and the earlier delivery.
    expect(files).toHaveLength(14);
    expect(files.filter((f) => f.endsWith('.xlsx'))).toHaveLength(1);
    expect(files.filter((f) => f.startsWith('earlier-'))).toEqual(['earlier-dangerous_housing-危房.csv']);
    expect(r.rejected).toBe(2);
    expect(r.leads).toBeGreaterThanOrEqual(9);

    const types = (await db.query<{ type: string }>('SELECT DISTINCT type FROM warnings ORDER BY 1')).map(
      (x) => x.type,
    );
    // 政策未落实 compares with the assistance chain, which no module provides yet (see assistance-chain.ts).
    expect(types).toEqual(WARNING_TYPE_LIST.filter((t) => t !== 'policy_not_implemented').sort());
    // Each demo town has warnings and a lead placed in one of its villages.
    for (const town of ['370402001', '500230101', '500230102']) {
      const [w] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM warnings WHERE region_code BETWEEN $1 AND $2',
        [town.padEnd(12, '0'), town.padEnd(12, '9')],
      );
      expect(w!.n).toBeGreaterThanOrEqual(14);
      const [l] = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM monitoring_leads WHERE region_code BETWEEN $1 AND $2',
        [town.padEnd(12, '0'), town.padEnd(12, '9')],
      );
      expect(l!.n).toBeGreaterThanOrEqual(1);
    }
  });

  it('the earlier delivery leaves a task past its deadline in every demo town, escalated to the county', async () => {
    const today = shanghaiDate();
    // Its run is dated a month back, as `doudi feed import --date` would date it.
    const runs = await db.query<{ run_date: string; escalated: number }>(
      `SELECT r.run_date, r.escalated FROM monitoring_runs r
         JOIN feed_batches b ON b.run_id = r.id
        WHERE b.file_name LIKE 'earlier-%'`,
    );
    expect(runs).toEqual([{ run_date: addDays(today, -EARLIER_DAYS_AGO), escalated: 3 }]);
    const tasks = await db.query<{
      region_code: string;
      due_date: string;
      status: string;
      escalated: boolean;
      type: string;
      level: string;
      w_escalated: boolean;
    }>(
      `SELECT t.region_code, t.due_date, t.status, t.escalated, w.type, w.level, w.escalated AS w_escalated
         FROM verification_tasks t JOIN warnings w ON w.id = t.warning_id
        WHERE t.escalated ORDER BY t.region_code`,
    );
    expect(tasks.map((t) => t.region_code.slice(0, 9))).toEqual(['370402001', '500230101', '500230102']);
    for (const t of tasks) {
      expect(t).toMatchObject({
        status: 'pending',
        type: 'dangerous_housing',
        level: 'red',
        w_escalated: true,
      });
      expect(t.due_date < today).toBe(true);
    }
    // Every other task is still within its deadline.
    const [late] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM verification_tasks WHERE NOT escalated AND due_date < $1',
      [today],
    );
    expect(late!.n).toBe(0);

    // 丰都县's civil affairs admin sees both of its towns' escalated tasks on the board and in the list.
    const a = DEMO_ACCOUNTS.find((x) => x.username === 'county.fengdu')!;
    const county: Actor = {
      kind: 'user',
      userId: '00000000-0000-4000-8000-0000000000c1',
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      regionCode: a.regionCode as RegionCode,
      department: null,
    };
    const b = await board(db, county, boardQuerySchema.parse({}));
    expect(b.totals).toMatchObject({ escalated: 2, overdue: 2 });
    expect(b.byType.dangerous_housing?.escalated).toBe(2);
    const listed = await listTasks(db, county, taskQuerySchema.parse({ escalated: 'true' }));
    expect(listed.total).toBe(2);
    expect(listed.items.map((i) => [i.task.type, i.task.status, i.task.escalated])).toEqual([
      ['dangerous_housing', 'pending', true],
      ['dangerous_housing', 'pending', true],
    ]);
  });

  it('a second run adds nothing and raises nothing', async () => {
    const before = await db.query<{ w: number; f: number; l: number }>(
      `SELECT (SELECT count(*)::int FROM warnings) AS w, (SELECT count(*)::int FROM feed_rows) AS f,
              (SELECT count(*)::int FROM monitoring_leads) AS l`,
    );
    const r = await loadDemoFeeds(db, keys, dataDir);
    expect(r).toMatchObject({ rowsAdded: 0, warnings: 0, leads: 0, escalated: 0 });
    const after = await db.query(
      'SELECT (SELECT count(*)::int FROM warnings) AS w, (SELECT count(*)::int FROM feed_rows) AS f, (SELECT count(*)::int FROM monitoring_leads) AS l',
    );
    expect(after).toEqual(before);
  });
});
