/** SQL of feed batches and their row errors. Takes `q` explicitly. */
import { csvChunks } from '../../db/csv.ts';
import type { Queryable } from '../../db/types.ts';

export type BatchRow = {
  id: number;
  feed_type: string;
  source: 'file' | 'push' | 'demo';
  file_name: string | null;
  content_hash: string | null;
  duplicate_of: number | null;
  department: string | null;
  uploaded_by_id: string | null;
  uploaded_by_name: string;
  api_key_id: number | null;
  region_code: string | null;
  status: 'running' | 'done' | 'failed' | 'duplicate';
  bytes_total: number | null;
  bytes_read: number;
  rows_read: number;
  rows_rejected: number;
  rows_added: number;
  rows_duplicate: number;
  rows_matched: number;
  leads_added: number;
  file_info: Record<string, unknown> | null;
  file_error: string | null;
  run_id: number | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};

const COLS = `id, feed_type, source, file_name, content_hash, duplicate_of, department, uploaded_by_id,
  uploaded_by_name, api_key_id, region_code, status, bytes_total, bytes_read, rows_read, rows_rejected, rows_added,
  rows_duplicate, rows_matched, leads_added, file_info, file_error, run_id, started_at, updated_at, finished_at`;

export type NewBatch = Pick<
  BatchRow,
  | 'feed_type'
  | 'source'
  | 'file_name'
  | 'content_hash'
  | 'department'
  | 'uploaded_by_id'
  | 'uploaded_by_name'
  | 'api_key_id'
  | 'region_code'
  | 'bytes_total'
> & { status?: BatchRow['status']; duplicate_of?: number | null };

export async function insertBatch(q: Queryable, b: NewBatch): Promise<BatchRow> {
  const [r] = await q.query<BatchRow>(
    `INSERT INTO feed_batches (feed_type, source, file_name, content_hash, department, uploaded_by_id,
       uploaded_by_name, api_key_id, region_code, bytes_total, status, duplicate_of, finished_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12, CASE WHEN $11 = 'running' THEN NULL ELSE now() END)
     RETURNING ${COLS}`,
    [
      b.feed_type,
      b.source,
      b.file_name,
      b.content_hash,
      b.department,
      b.uploaded_by_id,
      b.uploaded_by_name,
      b.api_key_id,
      b.region_code,
      b.bytes_total,
      b.status ?? 'running',
      b.duplicate_of ?? null,
    ],
  );
  return r!;
}

export async function findBatch(q: Queryable, id: number): Promise<BatchRow | undefined> {
  const [r] = await q.query<BatchRow>(`SELECT ${COLS} FROM feed_batches WHERE id = $1`, [id]);
  return r;
}

/** The earlier completed load of the same content, if any. */
export async function findDoneByContent(
  q: Queryable,
  feedType: string,
  contentHash: string,
): Promise<BatchRow | undefined> {
  const [r] = await q.query<BatchRow>(
    `SELECT ${COLS} FROM feed_batches WHERE feed_type = $1 AND content_hash = $2 AND status = 'done'
     ORDER BY id LIMIT 1`,
    [feedType, contentHash],
  );
  return r;
}

export type Progress = {
  bytesRead: number;
  rowsRead: number;
  rowsRejected: number;
  rowsAdded: number;
  rowsDuplicate: number;
  rowsMatched: number;
  leadsAdded: number;
};

/** Counters after a committed chunk (the UI's progress bar reads them). */
export async function updateProgress(q: Queryable, id: number, p: Progress): Promise<void> {
  await q.query(
    `UPDATE feed_batches SET bytes_read = $2, rows_read = $3, rows_rejected = $4, rows_added = $5,
       rows_duplicate = $6, rows_matched = $7, leads_added = $8, updated_at = now() WHERE id = $1`,
    [id, p.bytesRead, p.rowsRead, p.rowsRejected, p.rowsAdded, p.rowsDuplicate, p.rowsMatched, p.leadsAdded],
  );
}

export async function finishBatch(
  q: Queryable,
  id: number,
  f: {
    status: 'done' | 'failed';
    fileError?: string | null;
    fileInfo?: unknown;
    contentHash?: string | null;
  },
): Promise<BatchRow> {
  const [r] = await q.query<BatchRow>(
    `UPDATE feed_batches SET status = $2, file_error = $3, file_info = coalesce($4::jsonb, file_info),
       content_hash = coalesce($5, content_hash), finished_at = now(), updated_at = now()
     WHERE id = $1 RETURNING ${COLS}`,
    [
      id,
      f.status,
      f.fileError ?? null,
      f.fileInfo === undefined ? null : JSON.stringify(f.fileInfo),
      f.contentHash ?? null,
    ],
  );
  return r!;
}

export async function setBatchRun(q: Queryable, id: number, runId: number): Promise<void> {
  await q.query('UPDATE feed_batches SET run_id = $2, updated_at = now() WHERE id = $1', [id, runId]);
}

/** Stores row errors (one message per row, problems joined); ignores rows already stored. */
export async function insertErrors(
  q: Queryable,
  batchId: number,
  errors: ReadonlyArray<{ rowNumber: number; message: string }>,
): Promise<void> {
  if (errors.length === 0) return;
  await q.copyFrom(
    'feed_batch_errors',
    ['batch_id', 'row_number', 'message'],
    csvChunks(errors.map((e) => [batchId, e.rowNumber, e.message])),
  );
}

export async function errorsOf(
  q: Queryable,
  batchId: number,
  limit: number,
  offset: number,
): Promise<{ rows: Array<{ row_number: number; message: string }>; total: number }> {
  const rows = await q.query<{ row_number: number; message: string }>(
    `SELECT row_number, message FROM feed_batch_errors WHERE batch_id = $1 ORDER BY row_number LIMIT $2 OFFSET $3`,
    [batchId, limit, offset],
  );
  const [c] = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM feed_batch_errors WHERE batch_id = $1',
    [batchId],
  );
  return { rows, total: c!.n };
}

export async function listInRange(
  q: Queryable,
  lo: string,
  hi: string,
  f: { feedType?: string | undefined; limit: number; offset: number; unscoped: boolean },
): Promise<{ rows: BatchRow[]; total: number }> {
  const where = `(region_code BETWEEN $1 AND $2 OR ($4::boolean AND region_code IS NULL))
    AND ($3::text IS NULL OR feed_type = $3)`;
  const params = [lo, hi, f.feedType ?? null, f.unscoped];
  const rows = await q.query<BatchRow>(
    `SELECT ${COLS} FROM feed_batches WHERE ${where} ORDER BY id DESC LIMIT $5 OFFSET $6`,
    [...params, f.limit, f.offset],
  );
  const [c] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM feed_batches WHERE ${where}`,
    params,
  );
  return { rows, total: c!.n };
}
