import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvChunks } from '../src/db/csv.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite-client.ts';
import { openPostgres } from '../src/db/postgres-client.ts';
import { openTestDb, type TestDb, usingPostgres } from './helpers/test-db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  await db.query(
    'CREATE TABLE t_items (id int PRIMARY KEY, label text, amount bigint, day date, meta jsonb)',
  );
});
afterAll(() => db.dispose());

describe(`database layer on ${usingPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('returns the same JS types on both drivers', async () => {
    const [r] = await db.query<Record<string, unknown>>(
      `SELECT 9007199254740991::int8 AS big, DATE '2025-03-01' AS day, now() AS ts, '{"a":1}'::jsonb AS j`,
    );
    expect(r!.big).toBe(9007199254740991);
    expect(r!.day).toBe('2025-03-01');
    expect(r!.ts).toBeInstanceOf(Date);
    expect(r!.j).toEqual({ a: 1 });
  });

  it('commits or rolls back a transaction as one', async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t_items (id, label) VALUES (1, 'a')");
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t_items (id, label) VALUES (2, 'b')");
        await tx.query("INSERT INTO t_items (id, label) VALUES (1, 'dup')");
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const rows = await db.query<{ id: number }>('SELECT id FROM t_items ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([1]);
  });

  it('bulk-loads CSV chunks through COPY, with quoting, NULLs and JSON', async () => {
    async function* rows() {
      for (let i = 10; i < 5010; i++)
        yield [i, i % 7 === 0 ? null : `项目,"${i}"\n`, i * 100, '2025-01-31', { i }];
    }
    const n = await db.transaction((tx) =>
      tx.copyFrom('t_items', ['id', 'label', 'amount', 'day', 'meta'], csvChunks(rows(), 4096)),
    );
    expect(n).toBe(5000);
    const [r] = await db.query<{ label: string | null; meta: unknown }>(
      'SELECT label, meta FROM t_items WHERE id = 11',
    );
    expect(r).toEqual({ label: '项目,"11"\n', meta: { i: 11 } });
    const [nul] = await db.query<{ label: string | null }>('SELECT label FROM t_items WHERE id = 14');
    expect(nul!.label).toBeNull();
  });

  it('applies migrations once', async () => {
    expect(await migrate(db)).toEqual([]);
  });
});

describe.skipIf(usingPostgres())('embedded database guards', () => {
  it('refuses a second process on the same data directory and stops deadlocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doudi-lock-'));
    const first = await openPglite(dir);
    try {
      // Same pid re-opening is treated like a second owner only via a live foreign pid; simulate one.
      const { writeFileSync } = await import('node:fs');
      await first.close();
      writeFileSync(join(dir, 'doudi.lock'), String(process.ppid));
      await expect(openPglite(dir)).rejects.toThrow(/正被进程/);
      rmSync(join(dir, 'doudi.lock'));
      const again = await openPglite(dir);
      await expect(again.transaction(async () => again.query('SELECT 1'))).rejects.toThrow(
        /transaction object/,
      );
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!usingPostgres())('PostgreSQL connection pool', () => {
  it('survives the server ending its idle connections, and closes only once they are gone', async () => {
    const [{ name }] = (await db.query<{ name: string }>('SELECT current_database() AS name')) as [
      { name: string },
    ];
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    url.searchParams.set('application_name', 'doudi_pool_test');
    const pool = await openPostgres(url.toString(), 2);
    const warned: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.code === 'DOUDI_PG_IDLE') warned.push(w.message);
    };
    process.on('warning', onWarning);
    const ours = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'doudi_pool_test'";
    try {
      // Two idle connections, then the server terminates both (as a restart or an operator would).
      await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT pg_sleep(0.05)')]);
      await db.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doudi_pool_test'",
      );
      for (let i = 0; i < 100 && warned.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      // Without a listener on the pool, the first of these errors is an uncaught exception.
      expect(warned.length).toBe(2);
      expect(warned[0]).toMatch(/空闲连接断开/);
      expect(await pool.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      process.off('warning', onWarning);
      await pool.close();
    }
    // close() waits for the sockets: a DROP DATABASE … WITH (FORCE) right after finds nobody to kill.
    for (let i = 0; i < 50; i++) {
      const [r] = await db.query<{ n: number }>(ours);
      if (r!.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [left] = await db.query<{ n: number }>(ours);
    expect(left!.n).toBe(0);
  });
});
