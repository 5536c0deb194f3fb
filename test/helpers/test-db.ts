/**
 * A fresh real database per test file: PGlite in memory by default, or — when TEST_DATABASE_URL is
 * set — a new uniquely named PostgreSQL database on that server, dropped afterwards. Migrations are
 * applied once per database. No fakes: the same SQL runs as in production.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite-client.ts';
import { openPostgres } from '../../src/db/postgres-client.ts';
import type { Database } from '../../src/db/types.ts';
import { readSeedRegions, type SeedJurisdiction } from '../../src/modules/regions/region-data.ts';
import * as regionsRepo from '../../src/modules/regions/repository.ts';

export type TestDb = Database & { dispose(): Promise<void> };

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

export async function openTestDb(): Promise<TestDb> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = await openPglite(null);
    await migrate(db);
    return Object.assign(db, { dispose: () => db.close() });
  }
  const name = `doudi_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), 4);
  await migrate(db);
  return Object.assign(db, {
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}

/** Small region subtrees for tests (the whole seed set takes seconds to load). */
export const TEST_REGIONS: readonly SeedJurisdiction[] = [
  { prefix: '370402001', name: '中心街街道' },
  { prefix: '370402002', name: '文化路街道' },
  { prefix: '500230101', name: '虎威镇' },
  { prefix: '500230102', name: '社坛镇' },
  { prefix: '220122', name: '农安县' },
];

export async function loadTestRegions(db: Database, seeds = TEST_REGIONS): Promise<number> {
  return db.transaction((tx) => regionsRepo.loadRows(tx, readSeedRegions(seeds)));
}
