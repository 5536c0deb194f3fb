/**
 * Secondary indexes of a bulk load: dropped before the rows go in, built once at the end (a sorted
 * build beats maintaining a b-tree row by row when the blind index and the name index arrive in
 * random order). Their definitions are recorded in `deferred_index_builds` in the transaction that
 * drops them, so they always match the migrations, and a build that never happened (the process
 * died after the commit) is finished at the next start by `migrate`.
 *
 * Where the indexes are built:
 * - in the load's own transaction (`buildDeferredIndexesIn`) on the embedded database: one connection,
 *   and the table files created in that transaction need no WAL there (wal_level=minimal);
 * - after the commit, several at once from separate connections (`buildDeferredIndexes`) on
 *   PostgreSQL, where an index build is single-threaded inside the transaction that wrote the table
 *   (measured at 10M people: 31.7 s one after another, 17.5 s on two connections).
 *   `shareLockAfter` keeps writers out between the commit and the builds, so a unique index cannot
 *   meet a duplicate written in between.
 */
import { quoteIdent as quote } from './csv.ts';
import type { Database, Queryable, Tx } from './types.ts';

export type DeferredIndex = { indexName: string; tableName: string; definition: string };

const MEMORY: Record<Database['kind'], string> = { postgres: '1GB', pglite: '256MB' };

/**
 * Drops the secondary indexes (not the primary keys) of `tables` and records them as deferred; call
 * inside the load's transaction. Returns every deferred index of those tables, including any left
 * by an earlier load that did not finish.
 */
export async function deferSecondaryIndexes(tx: Tx, tables: readonly string[]): Promise<DeferredIndex[]> {
  const defs = await tx.query<{ indexname: string; tablename: string; indexdef: string }>(
    `SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')
     ORDER BY i.indexname`,
    [tables],
  );
  for (const d of defs) {
    await tx.query(
      `INSERT INTO deferred_index_builds (index_name, table_name, definition) VALUES ($1, $2, $3)
       ON CONFLICT (index_name) DO UPDATE SET definition = excluded.definition`,
      [d.indexname, d.tablename, d.indexdef],
    );
    await tx.query(`DROP INDEX ${quote(d.indexname)}`);
  }
  return pending(tx, tables);
}

/**
 * Builds the deferred indexes of `tables` (all, for null) inside `tx`, one after the other, then
 * analyses their tables. Returns how many.
 */
export async function buildDeferredIndexesIn(
  tx: Tx,
  kind: Database['kind'],
  tables: readonly string[] | null,
): Promise<number> {
  const todo = await pending(tx, tables);
  if (todo.length === 0) return 0;
  await tx.query(`SET LOCAL maintenance_work_mem = '${MEMORY[kind]}'`);
  for (const d of todo) await buildOne(tx, d);
  await tx.query(`ANALYZE ${[...new Set(todo.map((d) => d.tableName))].map(quote).join(', ')}`);
  return todo.length;
}

/**
 * Builds every deferred index, up to `parallel` at a time, each in its own transaction (largest
 * tables first, so the longest builds start early), releases `guard`, then analyses the tables.
 * Returns how many.
 */
export async function buildDeferredIndexes(
  db: Database,
  opts: { parallel?: number; guard?: TableGuard | null } = {},
): Promise<number> {
  const todo = await pending(db, null);
  if (todo.length === 0) {
    await opts.guard?.release();
    return 0;
  }
  const parallel = Math.max(1, Math.min(opts.parallel ?? 1, db.connections, todo.length));
  const queue = [...todo];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      const next = d;
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL maintenance_work_mem = '${MEMORY[db.kind]}'`);
        await buildOne(tx, next);
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    // ANALYZE's lock conflicts with the guard's: writers may come back once the indexes exist.
    await opts.guard?.release();
  }
  // The tables' statistics, as many at once as the builds were.
  const tables = [...new Set(todo.map((d) => d.tableName))];
  const analyse = async () => {
    for (let t = tables.shift(); t; t = tables.shift()) await db.query(`ANALYZE ${quote(t)}`);
  };
  await Promise.all(Array.from({ length: parallel }, analyse));
  return todo.length;
}

/**
 * At start (`migrate`, inside its transaction): builds the deferred indexes a load left behind when
 * its process died after its commit. Skipped while a load holds `BUILDING_LOCK`: that load is
 * building them right now. Returns how many were built.
 */
export async function buildLeftoverIndexes(tx: Tx, kind: Database['kind']): Promise<number> {
  if (kind === 'postgres') {
    const [r] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [
      BUILDING_LOCK,
    ]);
    if (!r!.ok) return 0;
  }
  return buildDeferredIndexesIn(tx, kind, null);
}

/** Held by the guard of a load whose indexes are being built after its commit. */
const BUILDING_LOCK = 72_000_006;

export type TableGuard = { release(): Promise<void> };

/**
 * From a second connection, queues a SHARE lock on `tables` behind the locks `tx` holds and returns
 * once it waits there: when `tx` commits, that lock is granted before any writer's, and it keeps
 * writers (not readers, not index builds) out until `release()`. PostgreSQL only; needs a free
 * connection. Always release, also when `tx` fails.
 */
export async function shareLockAfter(db: Database, tx: Tx, tables: readonly string[]): Promise<TableGuard> {
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let onPid!: (pid: number) => void;
  const pid = new Promise<number>((r) => {
    onPid = r;
  });
  const held = db.transaction(async (g) => {
    // Tells a server starting meanwhile that these builds are under way (see buildLeftoverIndexes).
    await g.query('SELECT pg_advisory_xact_lock($1)', [BUILDING_LOCK]);
    const [row] = await g.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    onPid(row!.pid);
    await g.query(`LOCK TABLE ${tables.map(quote).join(', ')} IN SHARE MODE`);
    await released;
  });
  held.catch(() => {}); // observed by release()
  const guard: TableGuard = {
    release: async () => {
      release();
      await held;
    },
  };
  const guardPid = await Promise.race([pid, held.then(() => -1)]);
  if (guardPid < 0) return guard;
  // The lock request travels on another connection: wait until the server shows it waiting.
  for (let i = 0; i < 1000; i++) {
    const [w] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_locks WHERE pid = $1 AND NOT granted',
      [guardPid],
    );
    if (w!.n > 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return guard;
}

async function pending(q: Queryable, tables: readonly string[] | null): Promise<DeferredIndex[]> {
  return q.query<DeferredIndex>(
    `SELECT d.index_name AS "indexName", d.table_name AS "tableName", d.definition
     FROM deferred_index_builds d
     WHERE $1::text[] IS NULL OR d.table_name = ANY($1::text[])
     ORDER BY pg_relation_size(to_regclass(quote_ident(d.table_name))) DESC NULLS LAST, d.index_name`,
    [tables],
  );
}

async function buildOne(tx: Tx, d: DeferredIndex): Promise<void> {
  // IF NOT EXISTS: a build that committed just before its process died is not repeated.
  const sql = d.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ');
  try {
    await tx.query(sql);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`建立索引 ${d.indexName}（表 ${d.tableName}）失败：${why}`, { cause: e });
  }
  await tx.query('DELETE FROM deferred_index_builds WHERE index_name = $1', [d.indexName]);
}
