/**
 * Bulk load of feed rows: a chunk is COPYed into a session-temporary staging table, then inserted
 * into `feed_rows` if its row hash is new, matched to `persons` by blind index in the same
 * statement, and its unmatched rows of lead-worthy feeds become (or update) proactive-discovery
 * leads. One statement per chunk, in the chunk's transaction.
 */
import type { Queryable } from '../../db/types.ts';

/** Columns of a staged CSV line, in order (see `stageCsv` in import.ts). */
export const STAGE_COLUMNS = [
  'row_number',
  'row_hash',
  'id_index',
  'id_cipher',
  'id_mask',
  'head_index',
  'name',
  'region_hint',
  'facts',
] as const;

async function ensureStage(q: Queryable): Promise<void> {
  await q.query(`CREATE TEMP TABLE IF NOT EXISTS feed_stage (
    row_number integer NOT NULL,
    row_hash bytea NOT NULL,
    id_index bytea NOT NULL,
    id_cipher bytea NOT NULL,
    id_mask text NOT NULL,
    head_index bytea,
    name text NOT NULL,
    region_hint char(12),
    facts jsonb NOT NULL
  ) ON COMMIT DELETE ROWS`);
}

export type ChunkResult = { added: number; matched: number; leadsAdded: number };

/**
 * Loads one chunk of staged CSV lines (call inside a transaction). Rows whose `(feed_type,
 * row_hash)` exists add nothing; a matched row takes the person's village, an unmatched one the
 * household head's village (when the row names a head in the database, `withHead`) or the ID
 * number's county (when that county is known). People are looked up one index probe per row
 * (`OFFSET 0` keeps the planner from hashing the whole persons table for every chunk), so a chunk
 * costs about the same against a thousand people or ten million.
 */
export async function loadChunk(
  tx: Queryable,
  feedType: string,
  batchId: number,
  opts: { discoveryLead: boolean; withHead: boolean },
  csv: string,
  rows: number,
): Promise<ChunkResult> {
  if (rows === 0) return { added: 0, matched: 0, leadsAdded: 0 };
  await ensureStage(tx);
  await tx.query(`SET LOCAL work_mem = '64MB'`);
  await tx.copyFrom('feed_stage', STAGE_COLUMNS, csv);
  const head = opts.withHead
    ? `LEFT JOIN LATERAL (SELECT x.region_code FROM persons x WHERE x.id_index = s.head_index OFFSET 0) hp ON true`
    : 'LEFT JOIN (SELECT NULL::char(12) AS region_code) hp ON true';
  const [r] = await tx.query<{ added: number; matched: number; leads_added: number }>(
    `WITH src AS (
       SELECT s.row_number, s.row_hash, s.id_index, s.id_cipher, s.id_mask, s.name, s.facts, p.id AS person_id,
              coalesce(p.region_code, hp.region_code, r.code) AS region_code
       FROM feed_stage s
       LEFT JOIN LATERAL (SELECT x.id, x.region_code FROM persons x WHERE x.id_index = s.id_index OFFSET 0) p ON true
       ${head}
       LEFT JOIN LATERAL (SELECT g.code FROM regions g WHERE g.code = s.region_hint OFFSET 0) r ON true
     ),
     ins AS (
       INSERT INTO feed_rows (feed_type, row_hash, id_index, id_cipher, name, person_id, region_code, facts,
         row_number, batch_id)
       SELECT $1, row_hash, id_index, id_cipher, name, person_id, region_code, facts, row_number, $2
       FROM src ORDER BY row_number
       ON CONFLICT (feed_type, row_hash) DO NOTHING
       RETURNING row_hash, person_id
     ),
     lead_src AS (
       SELECT DISTINCT ON (s.id_index) s.id_index, s.id_cipher, s.id_mask, s.name, s.region_code,
              count(*) OVER (PARTITION BY s.id_index) AS n
       FROM src s JOIN ins i ON i.row_hash = s.row_hash
       WHERE $3::boolean AND s.person_id IS NULL
       ORDER BY s.id_index, s.region_code DESC NULLS LAST
     ),
     leads AS (
       INSERT INTO monitoring_leads AS l (id_index, id_cipher, id_mask, name, region_code, feed_types, rows)
       SELECT id_index, id_cipher, id_mask, name, region_code, ARRAY[$1::text], n FROM lead_src
       ON CONFLICT (id_index) DO UPDATE SET
         rows = l.rows + excluded.rows,
         last_seen_at = now(),
         updated_at = now(),
         feed_types = CASE WHEN $1 = ANY(l.feed_types) THEN l.feed_types ELSE l.feed_types || excluded.feed_types END,
         region_code = CASE
           WHEN l.region_code IS NULL THEN excluded.region_code
           WHEN right(l.region_code, 6) = '000000' AND excluded.region_code IS NOT NULL
                AND right(excluded.region_code, 6) <> '000000' THEN excluded.region_code
           ELSE l.region_code END
       RETURNING (xmax = 0) AS inserted
     )
     SELECT (SELECT count(*) FROM ins)::int AS added,
            (SELECT count(person_id) FROM ins)::int AS matched,
            (SELECT count(*) FILTER (WHERE inserted) FROM leads)::int AS leads_added`,
    [feedType, batchId, opts.discoveryLead],
  );
  await tx.query('TRUNCATE feed_stage');
  return { added: r!.added, matched: r!.matched, leadsAdded: r!.leads_added };
}

/**
 * Matches rows loaded before their person was in the database (a full run does this first) and
 * marks the person's lead matched. A full run takes every row as new, so they are evaluated.
 */
export async function rematchUnmatched(tx: Queryable): Promise<{ rows: number; leads: number }> {
  const [r] = await tx.query<{ rows: number; leads: number }>(
    `WITH m AS (
       UPDATE feed_rows f SET person_id = p.id, region_code = p.region_code
       FROM persons p WHERE f.person_id IS NULL AND p.id_index = f.id_index
       RETURNING f.id_index, p.id AS person_id
     ),
     l AS (
       UPDATE monitoring_leads l SET status = 'matched', person_id = m.person_id, updated_at = now()
       FROM (SELECT DISTINCT ON (id_index) id_index, person_id FROM m) m
       WHERE l.id_index = m.id_index AND l.status <> 'matched'
       RETURNING l.id
     )
     SELECT (SELECT count(*) FROM m)::int AS rows, (SELECT count(*) FROM l)::int AS leads`,
  );
  return r!;
}
