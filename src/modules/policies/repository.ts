import type { Queryable } from '../../db/types.ts';

export type PolicyVersionRecord = {
  id: string;
  version: number;
  region: string | null;
  effective_from: string;
  name: string;
  extends: string | null;
  content: string;
  published_by: string | null;
  published_by_name: string;
  published_at: Date;
  reason: string;
};

const COLUMNS =
  'id, version, region, effective_from, name, extends, content, published_by, published_by_name, published_at, reason';

/** Every published version, oldest first (a few hundred rows at most: one per publication). */
export function listAll(q: Queryable): Promise<PolicyVersionRecord[]> {
  return q.query<PolicyVersionRecord>(
    `SELECT ${COLUMNS} FROM policy_versions ORDER BY published_at, id, version`,
  );
}

/**
 * What changes when something is published: rows are never updated or deleted (a trigger refuses),
 * so the count and the latest publication time identify the table's content.
 */
export async function stamp(q: Queryable): Promise<string> {
  const [r] = await q.query<{ n: number; at: string | null }>(
    'SELECT count(*)::int AS n, max(published_at)::text AS at FROM policy_versions',
  );
  return `${r?.n ?? 0}|${r?.at ?? ''}`;
}

/** Serialises publishers: the next version number is decided under this lock. */
export async function lockForPublish(q: Queryable): Promise<void> {
  await q.query('LOCK TABLE policy_versions IN SHARE ROW EXCLUSIVE MODE');
}

export async function insert(
  q: Queryable,
  row: Omit<PolicyVersionRecord, 'published_at'> & { pack: unknown },
): Promise<PolicyVersionRecord> {
  const [r] = await q.query<PolicyVersionRecord>(
    `INSERT INTO policy_versions
       (id, version, region, effective_from, name, extends, content, pack, published_by, published_by_name, reason)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$10,$11) RETURNING ${COLUMNS}`,
    [
      row.id,
      row.version,
      row.region,
      row.effective_from,
      row.name,
      row.extends,
      row.content,
      JSON.stringify(row.pack),
      row.published_by,
      row.published_by_name,
      row.reason,
    ],
  );
  return r!;
}
