/**
 * The embedded database: PGlite in a worker thread, reached through messages. One connection, so a
 * mutex makes statements and transactions take turns; AsyncLocalStorage catches the bug of calling
 * the database (instead of the transaction) from inside a transaction, which would deadlock.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Worker } from 'node:worker_threads';
import { copyFromSql } from './csv.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { DbError } from './db-error.ts';
import { Mutex } from './mutex.ts';
import type { Database, Queryable, Row, Tx } from './types.ts';

type Reply =
  | { id: number; ok: true; rows: unknown[]; rowCount: number; bytes?: ArrayBuffer }
  | {
      id: number;
      ok: false;
      error: { message: string; code?: string; constraint?: string };
    };

/** Batches for COPY through /dev/blob: PGlite reads a whole blob per statement. */
const COPY_BATCH_BYTES = 16 * 1024 * 1024;

export async function openPglite(dataDir: string | null): Promise<Database> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir: dataDir ?? undefined },
  });
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
  });
  worker.on('error', (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });

  const send = (
    msg: Record<string, unknown>,
  ): Promise<{ rows: unknown[]; rowCount: number; bytes?: ArrayBuffer }> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, {
        resolve: (r) => {
          if (r.ok) resolve(r);
          else reject(new DbError(r.error.message, r.error.code, r.error.constraint));
        },
        reject,
      });
      worker.postMessage({ id, ...msg });
    });

  const mutex = new Mutex();
  const holder = new AsyncLocalStorage<true>();

  /** Statements on the raw connection, for use while holding the mutex. */
  const raw: Queryable = {
    async query<R = Row>(text: string, params: readonly unknown[] = []) {
      return (await send({ op: 'query', text, params })).rows as R[];
    },
    async execute(text, params = []) {
      const r = await send({ op: 'query', text, params });
      return { rows: r.rows as Row[], rowCount: r.rowCount };
    },
    async queryArrays(text, params = []) {
      return (await send({ op: 'query', text, params, rowMode: 'array' })).rows as unknown[][];
    },
    async copyTo(select) {
      const r = await send({ op: 'copyTo', text: `COPY (${select}) TO '/dev/blob'` });
      return new Uint8Array(r.bytes ?? new ArrayBuffer(0));
    },
    async copyFrom(table, columns, csv, opts) {
      const format = opts?.format ?? 'csv';
      const sql = copyFromSql(table, columns, "'/dev/blob'", opts);
      // A binary stream has one header and one trailer: it cannot be cut into batches.
      if (format === 'binary' && !(csv instanceof Uint8Array))
        throw new Error('binary COPY takes one buffer');
      let total = 0;
      const flush = async (data: string | Uint8Array) => {
        if (data.length === 0) return;
        const blob = typeof data === 'string' ? Buffer.from(data) : data;
        const r = await send({ op: 'query', text: sql, params: [], blob });
        total += r.rowCount;
      };
      if (typeof csv === 'string' || csv instanceof Uint8Array) await flush(csv);
      else {
        let parts: Array<string | Uint8Array> = [];
        let size = 0;
        for await (const chunk of csv) {
          parts.push(chunk);
          size += chunk.length;
          if (size >= COPY_BATCH_BYTES) {
            await flush(joinChunks(parts));
            parts = [];
            size = 0;
          }
        }
        await flush(joinChunks(parts));
      }
      return total;
    },
  };

  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (holder.getStore()) {
      throw new Error('embedded database: use the transaction object inside db.transaction(), not db');
    }
    const unlock = await mutex.lock();
    try {
      return await holder.run(true, fn);
    } finally {
      unlock();
    }
  };

  await send({ op: 'query', text: 'select 1', params: [] });

  return {
    kind: 'pglite',
    connections: 1,
    connectionString: null,
    query: (text, params) => guarded(() => raw.query(text, params)),
    execute: (text, params) => guarded(() => raw.execute(text, params)),
    queryArrays: (text, params) => guarded(() => raw.queryArrays(text, params)),
    copyTo: (select) => guarded(() => raw.copyTo(select)),
    copyFrom: (table, columns, csv, opts) => guarded(() => raw.copyFrom(table, columns, csv, opts)),
    transaction: (fn) =>
      guarded(async () => {
        await raw.query('BEGIN');
        try {
          const tx: Tx = { ...raw, inTransaction: true };
          const result = await fn(tx);
          await raw.query('COMMIT');
          return result;
        } catch (e) {
          await raw.query('ROLLBACK').catch(() => {});
          throw e;
        }
      }),
    async close() {
      const unlock = await mutex.lock();
      try {
        await send({ op: 'close' }).catch(() => {});
        await worker.terminate();
      } finally {
        unlock();
        release();
      }
    },
  };
}

const joinChunks = (parts: Array<string | Uint8Array>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
