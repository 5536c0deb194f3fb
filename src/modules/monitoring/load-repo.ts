/**
 * Bulk load of feed rows in two steps. While the file is read, each chunk of staged rows is
 * COPYed into the batch's own staging table (unlogged, dropped at the end: a crash loses only what
 * would be reloaded anyway). Then one transaction moves the whole batch into `feed_rows`: the rows
 * whose hash is new, matched to `persons` by blind index, and records the unmatched rows of
 * lead-worthy feeds as proactive-discovery leads (`mergeStage`).
 *
 * One selection over the batch lets the database choose the match: a hash join over `persons` for a
 * large file (one pass instead of a million index probes), index probes for a small push — the
 * staging table is analysed first so the planner knows which. Rows go into `feed_rows` in person
 * order, so the monitoring run that follows reads each household's evidence from adjacent pages.
 */
import { quoteIdent } from '../../db/csv.ts';
import type { DriverKind, Queryable } from '../../db/types.ts';

/** Columns of a staged row, in order (see `stageRows` in stage.ts). */
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

const STAGE_PREFIX = 'feed_stage_b';
/** Advisory lock taken by every merge into `feed_rows` (see `mergeStage`). */
const FEED_MERGE_LOCK = 72_000_005;

/** The staging table of a batch (its name is derived from the batch id only). */
export const stageTableOf = (batchId: number): string => quoteIdent(`${STAGE_PREFIX}${batchId}`);

export async function createStage(q: Queryable, batchId: number): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${stageTableOf(batchId)}`);
  await q.query(`CREATE UNLOGGED TABLE ${stageTableOf(batchId)} (
    row_number integer NOT NULL,
    row_hash bytea NOT NULL,
    id_index bytea NOT NULL,
    id_cipher bytea NOT NULL,
    id_mask text NOT NULL,
    head_index bytea,
    name text NOT NULL,
    region_hint char(12),
    facts json NOT NULL
  )`);
}

export async function dropStage(q: Queryable, batchId: number): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${stageTableOf(batchId)}`);
}

/**
 * A loading batch's progress is written with every staged chunk; one silent this long is taken as
 * dead (the merge of ten million rows takes a few minutes).
 */
const STALE_STAGE_MINUTES = 30;

/**
 * Staging tables left by imports that ended without cleaning up (their process died): those of
 * batches no longer loading, or silent for `STALE_STAGE_MINUTES`. A batch still loading keeps its
 * table (another import is running at the same time).
 */
export async function dropStaleStages(q: Queryable): Promise<number> {
  const stale = await q.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c
     WHERE c.relkind = 'r' AND c.relname LIKE '${STAGE_PREFIX}%'
       AND c.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM feed_batches b
                       WHERE '${STAGE_PREFIX}' || b.id = c.relname AND b.status = 'running'
                         AND b.updated_at > now() - interval '${STALE_STAGE_MINUTES} minutes')`,
  );
  for (const t of stale) await q.query(`DROP TABLE IF EXISTS ${quoteIdent(t.relname)}`);
  return stale.length;
}

/** Appends a chunk of staged rows (one binary COPY stream, see stage.ts) to the batch's staging table. */
export async function stageChunk(q: Queryable, batchId: number, data: Uint8Array): Promise<void> {
  if (data.length === 0) return;
  await q.copyFrom(`${STAGE_PREFIX}${batchId}`, STAGE_COLUMNS, data, { format: 'binary' });
}

export type MergeResult = { added: number; matched: number; leadsAdded: number };

/** The batch's rows as they go into `feed_rows` (a temporary table of the merge's transaction). */
const MERGE_ROWS = 'feed_merge_rows';

/**
 * Moves the staged batch into `feed_rows` (call inside a transaction). Rows whose `row_hash` (which
 * covers the feed type) exists add nothing; a matched row takes the person's village, an unmatched one the
 * household head's village (when the row names a head in the database, `withHead`) or the ID
 * number's county (when that county is known).
 *
 * Two steps. The rows to insert are first selected into a temporary table: matched to persons, rows
 * already loaded left out, in-file twins dropped, sorted into person order. A plain SELECT may run on
 * parallel workers (PostgreSQL builds the hash of `persons` and sorts on every core), a statement
 * that writes to `feed_rows` may not. Then one INSERT copies them into `feed_rows` in that order, and
 * leads are recorded from the unmatched ones. At 1M rows on the benchmark machine: 6.6 s → 5.2 s,
 * the first step taking 1.9 s on two cores where it took 2.7 s on one.
 */
export async function mergeStage(
  tx: Queryable,
  kind: DriverKind,
  feedType: string,
  batchId: number,
  opts: { discoveryLead: boolean; withHead: boolean },
): Promise<MergeResult> {
  const stage = stageTableOf(batchId);
  // Merges take turns: a row hash absent when one merge looks is then still absent when it inserts,
  // so a plain INSERT of the rows not yet there replaces ON CONFLICT's speculative insertion
  // (measured at 1M rows: 8.2 s → 6.4 s). The unique indexes stay as the guarantee.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [FEED_MERGE_LOCK]);
  // The statistics only have to tell a large file from a small push (hash join or probes): a small
  // sample does (a million rows: 0.4 s with the default sample, a tenth of that with this one).
  await tx.query('SET LOCAL default_statistics_target = 10');
  await tx.query(`ANALYZE ${stage}`);
  // Enough for a million rows to be sorted into person order in memory (≈ 335 MB) on the server.
  await tx.query(`SET LOCAL work_mem = '${kind === 'postgres' ? '1GB' : '256MB'}'`);
  // Compiling these statements took 0.4 s of a 1M-row merge; they run once per batch.
  if (kind === 'postgres') await tx.query('SET LOCAL jit = off');
  // The household head's village, for an unmatched 防止返贫 row whose head is in the database.
  const head = opts.withHead ? 'LEFT JOIN persons hp ON hp.id_index = s.head_index' : '';
  const headRegion = opts.withHead ? 'hp.region_code, ' : '';
  // One pass over the staged rows: matched to persons by a hash join, rows already in feed_rows left
  // out, then sorted into person order. A row repeated inside the file (same hash, hence the same
  // person and blind index) sorts next to its twins, so DISTINCT ON keeps the first of each kind
  // (lowest row number) without a second pass over the batch. The region of an unmatched row is
  // looked up only for that row (the subquery runs only where COALESCE reaches it); its masked ID
  // is kept for the lead.
  await tx.query(
    `CREATE TEMP TABLE ${MERGE_ROWS} ON COMMIT DROP AS
     SELECT DISTINCT ON (p.id, s.id_index, s.row_hash)
            s.row_hash, s.id_index, s.id_cipher, s.name, p.id AS person_id,
            coalesce(p.region_code, ${headRegion}(SELECT g.code FROM regions g WHERE g.code = s.region_hint))
              AS region_code,
            s.facts, s.row_number, CASE WHEN p.id IS NULL THEN s.id_mask END AS id_mask
     FROM ${stage} s
     LEFT JOIN persons p ON p.id_index = s.id_index
     ${head}
     -- Not loaded before: a row hash names one ID number, hence one person (see schema.ts).
     WHERE NOT EXISTS (SELECT 1 FROM feed_rows f WHERE f.person_id = p.id AND f.row_hash = s.row_hash)
       AND NOT EXISTS (SELECT 1 FROM feed_rows f WHERE f.person_id IS NULL AND f.row_hash = s.row_hash)
     ORDER BY p.id NULLS LAST, s.id_index, s.row_hash, s.row_number`,
  );
  // A temporary table is read in the order it was written (no synchronised scans on local buffers).
  const { rowCount: added } = await tx.execute(
    `INSERT INTO feed_rows (feed_type, row_hash, id_index, id_cipher, name, person_id, region_code, facts,
       row_number, batch_id)
     SELECT $1, row_hash, id_index, id_cipher, name, person_id, region_code, facts, row_number, $2
     FROM ${MERGE_ROWS}`,
    [feedType, batchId],
  );
  const unmatched = opts.discoveryLead
    ? await recordLeads(tx, feedType)
    : { rows: await countUnmatched(tx), leadsAdded: 0 };
  await tx.query(`DROP TABLE ${stage}`);
  return { added, matched: added - unmatched.rows, leadsAdded: unmatched.leadsAdded };
}

async function countUnmatched(tx: Queryable): Promise<number> {
  const [r] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${MERGE_ROWS} WHERE person_id IS NULL`,
  );
  return r!.n;
}

/**
 * Proactive-discovery leads from the merge's unmatched rows: new ones inserted, known ones updated
 * (rows, feed types, a village over a county). Returns the unmatched rows and the leads added.
 */
async function recordLeads(tx: Queryable, feedType: string): Promise<{ rows: number; leadsAdded: number }> {
  const [r] = await tx.query<{ rows: number; leads_added: number }>(
    `WITH lead_src AS (
       SELECT DISTINCT ON (u.id_index) u.id_index, u.id_cipher, u.id_mask, u.name, u.region_code,
              count(*) OVER (PARTITION BY u.id_index) AS n
       FROM ${MERGE_ROWS} u WHERE u.person_id IS NULL
       ORDER BY u.id_index, u.region_code DESC NULLS LAST
     ),
     -- New leads inserted plainly and known ones updated: merges take turns, so none appears in between
     -- (cheaper than ON CONFLICT's speculative insertion, ≈ 80,000 new leads in a 1M-row file).
     lead_new AS (
       INSERT INTO monitoring_leads (id_index, id_cipher, id_mask, name, region_code, feed_types, rows)
       SELECT id_index, id_cipher, id_mask, name, region_code, ARRAY[$1::text], n FROM lead_src n
       WHERE NOT EXISTS (SELECT 1 FROM monitoring_leads l WHERE l.id_index = n.id_index)
       RETURNING 1
     ),
     -- (A data-modifying WITH runs to the end whether or not it is read.)
     lead_seen AS (
       UPDATE monitoring_leads l SET
         rows = l.rows + n.n,
         last_seen_at = now(),
         updated_at = now(),
         feed_types = CASE WHEN $1 = ANY(l.feed_types) THEN l.feed_types ELSE l.feed_types || ARRAY[$1::text] END,
         region_code = CASE
           WHEN l.region_code IS NULL THEN n.region_code
           WHEN right(l.region_code, 6) = '000000' AND n.region_code IS NOT NULL
                AND right(n.region_code, 6) <> '000000' THEN n.region_code
           ELSE l.region_code END
       FROM lead_src n WHERE l.id_index = n.id_index
       RETURNING 1
     )
     SELECT coalesce((SELECT sum(n) FROM lead_src), 0)::int AS rows,
            (SELECT count(*) FROM lead_new)::int AS leads_added`,
    [feedType],
  );
  return { rows: r!.rows, leadsAdded: r!.leads_added };
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
