import { csvChunks } from '../../db/csv.ts';
import type { Queryable } from '../../db/types.ts';
import type { RegionRow } from './region-data.ts';

export type RegionRecord = { code: string; name: string; level: string; parent_code: string | null };

const DEPTH: Record<string, number> = { province: 1, city: 2, county: 3, town: 4, village: 5 };

export async function findByCode(q: Queryable, code: string): Promise<RegionRecord | undefined> {
  const [r] = await q.query<RegionRecord>(
    'SELECT code, name, level, parent_code FROM regions WHERE code = $1',
    [code],
  );
  return r;
}

export async function findMany(q: Queryable, codes: readonly string[]): Promise<RegionRecord[]> {
  if (codes.length === 0) return [];
  return q.query<RegionRecord>(
    'SELECT code, name, level, parent_code FROM regions WHERE code = ANY($1::char(12)[])',
    [codes],
  );
}

export async function children(
  q: Queryable,
  code: string | null,
): Promise<Array<RegionRecord & { has_children: boolean }>> {
  return q.query(
    `SELECT r.code, r.name, r.level, r.parent_code,
       EXISTS (SELECT 1 FROM regions c WHERE c.parent_code = r.code) AS has_children
     FROM regions r WHERE ${code === null ? 'r.parent_code IS NULL' : 'r.parent_code = $1'} ORDER BY r.code`,
    code === null ? [] : [code],
  );
}

export async function count(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM regions');
  return r!.n;
}

/**
 * Loads rows through COPY into a staging table, then inserts the ones not present yet, so loading
 * the same province twice changes nothing.
 */
export async function loadRows(tx: Queryable, rows: AsyncIterable<RegionRow>): Promise<number> {
  await tx.query(
    'CREATE TEMP TABLE IF NOT EXISTS regions_stage (code char(12), name text, level text, parent_code char(12), depth int) ON COMMIT DROP',
  );
  async function* tuples() {
    for await (const r of rows) yield [r.code, r.name, r.level, r.parentCode, DEPTH[r.level]];
  }
  await tx.copyFrom('regions_stage', ['code', 'name', 'level', 'parent_code', 'depth'], csvChunks(tuples()));
  const r = await tx.execute(
    `INSERT INTO regions (code, name, level, parent_code, depth)
     SELECT code, name, level, parent_code, depth FROM regions_stage ORDER BY code
     ON CONFLICT (code) DO NOTHING`,
  );
  await tx.query('DROP TABLE regions_stage');
  return r.rowCount;
}
