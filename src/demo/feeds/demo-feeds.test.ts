/**
 * The demo feeds on a real database with a demo population: every feed-driven warning type appears,
 * leads are listed for the towns, the faulty rows are reported, and a second `doudi demo` adds
 * nothing.
 */
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import { WARNING_TYPE_LIST } from '../../modules/monitoring/rules/types.ts';
import { loadDemoPopulation } from '../population/index.ts';
import { loadDemoFeeds } from './index.ts';

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
    expect(files).toHaveLength(13);
    expect(files.filter((f) => f.endsWith('.xlsx'))).toHaveLength(1);
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

  it('a second run adds nothing and raises nothing', async () => {
    const before = await db.query<{ w: number; f: number; l: number }>(
      `SELECT (SELECT count(*)::int FROM warnings) AS w, (SELECT count(*)::int FROM feed_rows) AS f,
              (SELECT count(*)::int FROM monitoring_leads) AS l`,
    );
    const r = await loadDemoFeeds(db, keys, dataDir);
    expect(r).toMatchObject({ rowsAdded: 0, warnings: 0, leads: 0 });
    const after = await db.query(
      'SELECT (SELECT count(*)::int FROM warnings) AS w, (SELECT count(*)::int FROM feed_rows) AS f, (SELECT count(*)::int FROM monitoring_leads) AS l',
    );
    expect(after).toEqual(before);
  });
});
