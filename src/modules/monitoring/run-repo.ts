/** SQL of monitoring runs: the run rows, their household work lists, feed rows and new warnings. */

import { CopyTextReader, sqlInt, sqlIntArray } from '../../db/copy-text.ts';
import type { Queryable } from '../../db/types.ts';
import { type IdSelection, idConditionText, keep } from './id-selection.ts';
import type { RunKind } from './schema.ts';
import type { StoredFeedRow } from './snapshot.ts';

export type RunRow = {
  id: number;
  kind: RunKind;
  status: 'running' | 'done' | 'failed';
  run_date: string;
  cursor: number;
  batch_id: number | null;
  households_total: number;
  households_done: number;
  chunks: number;
  warnings_raised: number;
  escalated: number;
  notes: string[];
  error: string | null;
  actor_name: string;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};

const COLS = `id, kind, status, run_date, cursor, batch_id, households_total, households_done, chunks,
  warnings_raised, escalated, notes, error, actor_name, started_at, updated_at, finished_at`;

export async function insertRun(
  q: Queryable,
  r: { kind: RunKind; runDate: string; batchId: number | null; actorName: string },
): Promise<RunRow> {
  const [row] = await q.query<RunRow>(
    `INSERT INTO monitoring_runs (kind, status, run_date, batch_id, actor_name) VALUES ($1, 'running', $2, $3, $4)
     RETURNING ${COLS}`,
    [r.kind, r.runDate, r.batchId, r.actorName],
  );
  return row!;
}

export async function findRun(q: Queryable, id: number): Promise<RunRow | undefined> {
  const [r] = await q.query<RunRow>(`SELECT ${COLS} FROM monitoring_runs WHERE id = $1`, [id]);
  return r;
}

export async function listRuns(
  q: Queryable,
  limit: number,
  offset: number,
): Promise<{ rows: RunRow[]; total: number }> {
  const rows = await q.query<RunRow>(
    `SELECT ${COLS} FROM monitoring_runs ORDER BY id DESC LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  const [c] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_runs');
  return { rows, total: c!.n };
}

/** Runs that did not finish: failed, or running without a heartbeat for `staleSeconds`. */
export async function unfinishedRuns(q: Queryable, staleSeconds: number): Promise<RunRow[]> {
  return q.query<RunRow>(
    `SELECT ${COLS} FROM monitoring_runs
     WHERE status = 'failed' OR (status = 'running' AND updated_at < now() - make_interval(secs => $1))
     ORDER BY id`,
    [staleSeconds],
  );
}

/** A batch whose loading stopped without a word for this long is taken as failed. */
const STALE_BATCH = `interval '10 minutes'`;

/**
 * Claims for the run every batch not yet evaluated whose loading ended (done, failed, or silent for
 * ten minutes): its rows are new to this run. Returns the claimed batch ids.
 */
export async function claimBatches(q: Queryable, runId: number): Promise<number[]> {
  const rows = await q.query<{ id: number }>(
    `UPDATE feed_batches SET run_id = $1, updated_at = now()
     WHERE run_id IS NULL AND rows_added > 0
       AND (status IN ('done', 'failed') OR (status = 'running' AND updated_at < now() - ${STALE_BATCH}))
     RETURNING id`,
    [runId],
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function claimedBatches(q: Queryable, runId: number): Promise<number[]> {
  const rows = await q.query<{ id: number }>('SELECT id FROM feed_batches WHERE run_id = $1 ORDER BY id', [
    runId,
  ]);
  return rows.map((r) => r.id);
}

/**
 * About how many households a run starting now will list (at most): the matched rows of the batches
 * it would claim (incremental), or of every matched row (full, from the table's statistics).
 */
export async function expectedHouseholds(q: Queryable, kind: RunKind): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    kind === 'incremental'
      ? `SELECT coalesce(sum(rows_matched), 0)::float8 AS n FROM feed_batches WHERE run_id IS NULL AND rows_added > 0`
      : `SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'feed_rows'::regclass`,
  );
  return r!.n;
}

/** An index probe into persons costs about this many rows of a sequential scan and hash join. */
const PROBE_COST = 20;

/**
 * The run's work list: the households of the claimed batches' rows (incremental), or of every matched
 * feed row (full), plus `extra` households, in id order, cut into chunks of `chunkSize`. Returns how
 * many households.
 */
export async function fillRunHouseholds(
  q: Queryable,
  runId: number,
  kind: RunKind,
  batchIds: readonly number[],
  extraSql: string | null,
  chunkSize: number,
): Promise<number> {
  const rows =
    kind === 'incremental'
      ? `SELECT p.household_id FROM feed_rows f JOIN persons p ON p.id = f.person_id
         WHERE f.batch_id = ANY($2::bigint[]) AND f.person_id IS NOT NULL AND p.household_id IS NOT NULL`
      : `SELECT p.household_id FROM feed_rows f JOIN persons p ON p.id = f.person_id
         WHERE f.person_id IS NOT NULL AND p.household_id IS NOT NULL AND $2::bigint[] IS NOT NULL`;
  // The statistics of feed_rows lag behind a load that just happened (its batch id is not in them),
  // so the planner would probe persons once per row of a million-row batch. When the rows are many
  // next to the people, one hash join over persons is cheaper: say so (for this transaction).
  const [size] = await q.query<{ rows: number; persons: number }>(
    `SELECT (SELECT coalesce(sum(rows_added), 0) FROM feed_batches WHERE id = ANY($1::bigint[]))::float8 AS rows,
            (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'persons'::regclass)::float8 AS persons`,
    [batchIds],
  );
  if (kind === 'full' || size!.rows * PROBE_COST >= size!.persons)
    await q.query('SET LOCAL enable_nestloop = off');
  const [r] = await q.query<{ n: number }>(
    `WITH h AS (
       SELECT DISTINCT household_id FROM (${rows}${extraSql ? ` UNION ${extraSql}` : ''}) x
     ),
     numbered AS (
       SELECT household_id, (row_number() OVER (ORDER BY household_id) - 1) / $3 AS seq FROM h
     ),
     ins AS (
       INSERT INTO monitoring_run_chunks (run_id, seq, last_household_id, household_ids)
       SELECT $1::bigint, seq, max(household_id), array_agg(household_id ORDER BY household_id)
       FROM numbered GROUP BY seq
       RETURNING cardinality(household_ids) AS n
     )
     SELECT coalesce(sum(n), 0)::int AS n FROM ins`,
    [runId, batchIds, chunkSize],
  );
  await q.query('UPDATE monitoring_runs SET households_total = $2, updated_at = now() WHERE id = $1', [
    runId,
    r!.n,
  ]);
  return r!.n;
}

/** Households with a means-tested category in force (for 政策未落实 in a full run). */
export const ASSISTED_HOUSEHOLDS_SQL = `SELECT household_id FROM category_assignments
  WHERE status IN ('active', 'gradual_exit') AND category IN ('tekun', 'dibao', 'dibao_edge', 'rigid_expense')`;

/** The chunks of the run's work list still to do (ending after `cursor`), in order. */
export async function remainingChunks(q: Queryable, runId: number, cursor: number): Promise<number[]> {
  const rows = await q.query<{ seq: number }>(
    'SELECT seq FROM monitoring_run_chunks WHERE run_id = $1 AND last_household_id > $2 ORDER BY seq',
    [runId, cursor],
  );
  return rows.map((r) => r.seq);
}

/** The households of one chunk of the run's work list that come after `cursor`, ascending. */
export async function chunkHouseholds(
  q: Queryable,
  runId: number,
  seq: number,
  cursor: number,
): Promise<number[]> {
  // Unnested and read as COPY text: the drivers differ in how they return a bigint[] (strings or numbers).
  const r = new CopyTextReader(
    await q.copyTo(
      `SELECT h FROM monitoring_run_chunks, unnest(household_ids) WITH ORDINALITY AS u(h, i)
       WHERE run_id = ${sqlInt(runId)} AND seq = ${sqlInt(seq)} AND h > ${sqlInt(cursor)} ORDER BY i`,
    ),
  );
  const ids: number[] = [];
  while (r.more()) ids.push(r.int());
  return ids;
}

/** The feed rows about these people; `is_new` for rows of the given (claimed) batches. */
export async function feedRowsOfPersons(
  q: Queryable,
  persons: IdSelection,
  newBatches: readonly number[],
): Promise<StoredFeedRow[]> {
  if (persons.ids.length === 0) return [];
  // COPY text, read off the bytes (db/copy-text.ts): a run reads a million rows.
  const r = new CopyTextReader(
    await q.copyTo(
      `SELECT f.id, f.feed_type, f.person_id, f.facts, f.batch_id = ANY(${sqlIntArray(newBatches)}) AS is_new
       FROM feed_rows f WHERE ${idConditionText('f.person_id', persons)}`,
    ),
  );
  const rows: StoredFeedRow[] = [];
  while (r.more()) {
    rows.push({
      id: r.int(),
      feed_type: r.text(),
      person_id: r.int(),
      facts: JSON.parse(r.text()),
      is_new: r.bool(),
    });
  }
  return keep(persons, rows, (row) => row.person_id);
}

export type NewWarning = {
  type: string;
  level: string;
  signalKey: string;
  householdId: number;
  personId: number | null;
  regionCode: string;
  reason: string;
  suggestedRoute: string;
  evidence: readonly number[];
  deadline: string;
  policyId: string;
  policyVersion: number;
};

/**
 * Inserts the warnings whose signal has never been raised (no warning with the key in any state;
 * the partial unique index on open states settles races), each with its verification task for the
 * household's village. Returns how many were raised.
 */
export async function insertWarnings(
  q: Queryable,
  runId: number,
  ws: readonly NewWarning[],
): Promise<number> {
  if (ws.length === 0) return 0;
  const [r] = await q.query<{ n: number }>(
    `WITH cand AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bpchar[], $7::text[],
         $8::text[], $9::text[], $10::date[], $11::text[], $12::int[])
         AS c(type, level, signal_key, household_id, person_id, region_code, reason, suggested_route, evidence,
              deadline, policy_id, policy_version)
     ),
     ins AS (
       INSERT INTO warnings (type, level, signal_key, household_id, person_id, region_code, reason, suggested_route,
         evidence, deadline, run_id, policy_id, policy_version)
       SELECT c.type, c.level, c.signal_key, c.household_id, c.person_id, c.region_code, c.reason, c.suggested_route,
              CASE WHEN c.evidence = '' THEN '{}'::bigint[] ELSE string_to_array(c.evidence, ',')::bigint[] END,
              c.deadline, $13, c.policy_id, c.policy_version
       FROM cand c WHERE NOT EXISTS (SELECT 1 FROM warnings w WHERE w.signal_key = c.signal_key)
       ON CONFLICT (signal_key) WHERE state IN ('open', 'verifying', 'verified') DO NOTHING
       RETURNING id, region_code, deadline
     ),
     tasks AS (
       INSERT INTO verification_tasks (warning_id, region_code, due_date)
       SELECT id, region_code, deadline FROM ins RETURNING warning_id
     )
     SELECT count(*)::int AS n FROM tasks`,
    [
      ws.map((w) => w.type),
      ws.map((w) => w.level),
      ws.map((w) => w.signalKey),
      ws.map((w) => w.householdId),
      ws.map((w) => w.personId),
      ws.map((w) => w.regionCode),
      ws.map((w) => w.reason),
      ws.map((w) => w.suggestedRoute),
      ws.map((w) => w.evidence.join(',')),
      ws.map((w) => w.deadline),
      ws.map((w) => w.policyId),
      ws.map((w) => w.policyVersion),
      runId,
    ],
  );
  return r!.n;
}

export async function chunkDone(
  q: Queryable,
  runId: number,
  c: { cursor: number; households: number; warnings: number; notes: readonly string[] | null },
): Promise<void> {
  await q.query(
    `UPDATE monitoring_runs SET cursor = $2, households_done = households_done + $3, chunks = chunks + 1,
       warnings_raised = warnings_raised + $4, notes = coalesce($5::jsonb, notes), updated_at = now()
     WHERE id = $1`,
    [runId, c.cursor, c.households, c.warnings, c.notes ? JSON.stringify(c.notes) : null],
  );
}

export async function finishRun(
  q: Queryable,
  runId: number,
  f: { status: 'done' | 'failed'; error?: string | null; escalated?: number; notes: readonly string[] },
): Promise<RunRow> {
  const [r] = await q.query<RunRow>(
    `UPDATE monitoring_runs SET status = $2, error = $3, escalated = escalated + $4, notes = $5::jsonb,
       finished_at = CASE WHEN $2 = 'done' THEN now() ELSE NULL END, updated_at = now()
     WHERE id = $1 RETURNING ${COLS}`,
    [runId, f.status, f.error ?? null, f.escalated ?? 0, JSON.stringify(f.notes)],
  );
  if (f.status === 'done') await q.query('DELETE FROM monitoring_run_chunks WHERE run_id = $1', [runId]);
  return r!;
}

/** Marks a run running again (resume). */
export async function reopenRun(q: Queryable, runId: number): Promise<void> {
  await q.query(
    `UPDATE monitoring_runs SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`,
    [runId],
  );
}
