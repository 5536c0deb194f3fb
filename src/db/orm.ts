/**
 * Drizzle over our `Queryable`: the proxy driver turns each built query into one call on the
 * connection or transaction passed in, so typed queries work the same on PGlite and PostgreSQL.
 */
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import type { Queryable } from './types.ts';

export type Orm = PgRemoteDatabase;

const cache = new WeakMap<Queryable, Orm>();

export function orm(q: Queryable): Orm {
  let o = cache.get(q);
  if (!o) {
    o = drizzle(async (sql, params, method) => {
      if (method === 'all') return { rows: await q.queryArrays(sql, params) };
      return { rows: await q.query(sql, params) };
    });
    cache.set(q, o);
  }
  return o;
}
