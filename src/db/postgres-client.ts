/** The production database: PostgreSQL through a node-postgres pool; COPY FROM STDIN for bulk loads. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { copyFromSql } from './csv.ts';
import type { Database, Queryable, Row, Tx } from './types.ts';
import { PG_TYPES } from './types.ts';

// Same JS values as the embedded driver: int8 as number, date as 'YYYY-MM-DD'.
pg.types.setTypeParser(PG_TYPES.INT8, (v) => Number(v));
pg.types.setTypeParser(PG_TYPES.DATE, (v) => v);

/** A COPY needs one connection: the transaction's, or one taken from the pool for it. */
async function onOneConnection<T>(
  client: pg.PoolClient | pg.Pool,
  run: (c: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (!(client instanceof pg.Pool)) return run(client);
  const c = await client.connect();
  try {
    return await run(c);
  } finally {
    c.release();
  }
}

function clientQueryable(client: pg.PoolClient | pg.Pool): Queryable {
  return {
    async query<R = Row>(text: string, params: readonly unknown[] = []) {
      return (await client.query(text, params as unknown[])).rows as R[];
    },
    async execute(text, params = []) {
      const r = await client.query(text, params as unknown[]);
      return { rows: r.rows as Row[], rowCount: r.rowCount ?? 0 };
    },
    async queryArrays(text, params = []) {
      return (await client.query({ text, values: params as unknown[], rowMode: 'array' }))
        .rows as unknown[][];
    },
    async copyTo(select) {
      const run = async (c: pg.PoolClient) => {
        const parts: Buffer[] = [];
        for await (const part of c.query(copyToStream(`COPY (${select}) TO STDOUT`)))
          parts.push(part as Buffer);
        return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      };
      return onOneConnection(client, run);
    },
    async copyFrom(table, columns, csv, opts) {
      const sql = copyFromSql(table, columns, 'STDIN', opts);
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFromStream(sql));
        if (typeof csv === 'string' || csv instanceof Uint8Array) {
          // One buffer is written as it is: no stream machinery for the common case of a ready batch.
          await new Promise<void>((resolve, reject) => {
            stream.once('finish', resolve);
            stream.once('error', reject);
            stream.end(csv);
          });
        } else await pipeline(Readable.from(csv), stream);
        return Number(stream.rowCount ?? 0);
      };
      return onOneConnection(client, run);
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle pooled connection can fail on its own (server restart, an administrator terminating
  // backends). node-postgres reports that as an 'error' event on the pool, and an unheard 'error'
  // event crashes the process. The pool has already discarded that connection; the next query
  // opens a new one, so a warning is all that is needed. The message is the server's, with no data.
  let closing = false;
  pool.on('error', (e) => {
    if (!closing) process.emitWarning(`PostgreSQL 空闲连接断开：${e.message}`, { code: 'DOUDI_PG_IDLE' });
  });
  // pool.end() resolves once its clients are asked to end, not once their sockets are closed; a
  // caller that drops the database right after (the tests do) would otherwise race the goodbyes.
  const live = new Set<pg.Client>();
  let allGone: (() => void) | null = null;
  pool.on('connect', (c) => live.add(c));
  pool.on('remove', (c) => {
    live.delete(c);
    if (live.size === 0) allGone?.();
  });
  await pool.query('select 1');
  const base = clientQueryable(pool);
  return {
    kind: 'postgres',
    connections: poolSize,
    connectionString: url,
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Tx = { ...clientQueryable(client), inTransaction: true };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async close() {
      closing = true;
      const gone = live.size === 0 ? Promise.resolve() : new Promise<void>((r) => (allGone = r));
      await pool.end();
      await gone;
    },
  };
}
