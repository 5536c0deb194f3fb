import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb, usingPostgres } from '../../test/helpers/test-db.ts';
import { makeKeys } from '../core/crypto.ts';
import { loadDemoPopulation } from '../demo/population/index.ts';
import { REGISTRY_TABLES } from '../demo/population/load.ts';
import { deferSecondaryIndexes, shareLockAfter } from './deferred-indexes.ts';
import { migrate } from './migrate.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
});
afterAll(() => db.dispose());

const indexesOf = async (tables: readonly string[]) =>
  (
    await db.query<{ name: string }>(
      `SELECT indexname AS name FROM pg_indexes
       WHERE schemaname = current_schema() AND tablename = ANY($1::text[]) ORDER BY 1`,
      [tables],
    )
  ).map((r) => r.name);

describe('secondary indexes of a bulk load', () => {
  it('are all there after a demo load, with nothing left to build', async () => {
    const before = await indexesOf(REGISTRY_TABLES);
    expect(before).toContain('persons_id_index_uq');
    const keys = makeKeys('00112233445566778899aabbccddeeff', 'cd'.repeat(32));
    const r = await loadDemoPopulation(db, keys, 2000, { seed: 'deferred' });
    expect(r.skipped).toBe(false);
    expect(await indexesOf(REGISTRY_TABLES)).toEqual(before);
    const [left] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM deferred_index_builds');
    expect(left!.n).toBe(0);
  });

  it('left unbuilt by a load that died after its commit are built at the next start', async () => {
    const before = await indexesOf(['persons', 'households']);
    const deferred = await db.transaction((tx) => deferSecondaryIndexes(tx, ['persons', 'households']));
    expect(deferred.map((d) => d.indexName)).toContain('persons_id_index_uq');
    // The process "dies" here: the drop and the record of what to build are committed together.
    expect(await indexesOf(['persons', 'households'])).toEqual(['households_pkey', 'persons_pkey']);
    await migrate(db);
    expect(await indexesOf(['persons', 'households'])).toEqual(before);
    const [left] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM deferred_index_builds');
    expect(left!.n).toBe(0);
  });
});

describe.skipIf(!usingPostgres())('the lock that bridges the commit and the index builds', () => {
  it('keeps writers out from the commit until it is released, and lets readers in', async () => {
    await db.query('CREATE TABLE guarded (id int PRIMARY KEY)');
    let guard: Awaited<ReturnType<typeof shareLockAfter>> | null = null;
    await db.transaction(async (tx) => {
      await tx.query('LOCK TABLE guarded IN SHARE ROW EXCLUSIVE MODE');
      await tx.query('INSERT INTO guarded VALUES (1)');
      guard = await shareLockAfter(db, tx, ['guarded']);
    });
    try {
      // A writer arriving after the commit waits for the guard…
      let wrote = false;
      const writer = db.query('INSERT INTO guarded VALUES (2)').then(() => {
        wrote = true;
      });
      for (let i = 0; i < 200; i++) {
        const [w] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           WHERE c.relname = 'guarded' AND NOT l.granted`,
        );
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(wrote).toBe(false);
      // …while a reader sees the committed rows.
      expect(await db.query('SELECT id FROM guarded')).toEqual([{ id: 1 }]);
      await guard!.release();
      guard = null;
      await writer;
      expect(wrote).toBe(true);
    } finally {
      await (guard as { release(): Promise<void> } | null)?.release();
    }
  });

  it('a server starting while a load builds its indexes leaves them to the load', async () => {
    const before = await indexesOf(['households']);
    await db.transaction((tx) => deferSecondaryIndexes(tx, ['households']));
    // A load between its commit and its builds: its guard holds the tables (and says so).
    let guard: Awaited<ReturnType<typeof shareLockAfter>> | null = null;
    await db.transaction(async (tx) => {
      await tx.query('LOCK TABLE households IN SHARE ROW EXCLUSIVE MODE');
      guard = await shareLockAfter(db, tx, ['households']);
    });
    try {
      await migrate(db); // no error, nothing built behind the load's back
      expect(await indexesOf(['households'])).toEqual(['households_pkey']);
    } finally {
      await (guard as { release(): Promise<void> } | null)?.release();
    }
    await migrate(db); // the load "died": the next start builds them
    expect(await indexesOf(['households'])).toEqual(before);
  });
});
