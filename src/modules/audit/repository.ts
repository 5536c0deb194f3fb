import type { Queryable } from '../../db/types.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Serialises writers of the hash chain on PostgreSQL (PGlite has one connection anyway). */
const AUDIT_CHAIN_LOCK = 72_000_002;

export type AuditRow = {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  object_type: string;
  object_id: string | null;
  region_code: string | null;
  result: 'ok' | 'denied' | 'failed';
  changes: unknown;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
};

export type NewAuditRow = Omit<AuditRow, 'seq' | 'prev_hash' | 'hash' | 'at'>;

export async function lockChain(tx: Queryable, isPostgres: boolean): Promise<void> {
  if (isPostgres) await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
}

export async function lastHash(tx: Queryable): Promise<string> {
  const [row] = await tx.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return row?.hash ?? GENESIS_HASH;
}

export async function insertRow(tx: Queryable, row: Omit<AuditRow, 'seq'>): Promise<number> {
  const [r] = await tx.query<{ seq: number }>(
    `INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, region_code, result,
       changes, request_id, ip, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING seq`,
    [
      row.at,
      row.actor_id,
      row.actor_name,
      row.action,
      row.object_type,
      row.object_id,
      row.region_code,
      row.result,
      row.changes === null ? null : JSON.stringify(row.changes),
      row.request_id,
      row.ip,
      row.prev_hash,
      row.hash,
    ],
  );
  return r!.seq;
}

export async function readBatch(q: Queryable, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return q.query<AuditRow>(
    `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor_id, actor_name,
       action, object_type, object_id, region_code, result, changes, request_id, ip, prev_hash, hash
     FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
}

export async function listForObject(
  q: Queryable,
  objectType: string,
  objectId: string,
  limit: number,
): Promise<AuditRow[]> {
  return q.query<AuditRow>(
    `SELECT seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor_id, actor_name,
       action, object_type, object_id, region_code, result, changes, request_id, ip, prev_hash, hash
     FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY seq DESC LIMIT $3`,
    [objectType, objectId, limit],
  );
}

export type AuditListRow = Pick<
  AuditRow,
  'seq' | 'actor_name' | 'action' | 'object_type' | 'object_id' | 'region_code' | 'result' | 'changes'
> & { at: Date };

export async function listInRange(
  q: Queryable,
  lo: string,
  hi: string,
  beforeSeq: number,
  limit: number,
): Promise<AuditListRow[]> {
  return q.query<AuditListRow>(
    `SELECT seq, at, actor_name, action, object_type, object_id, region_code, result, changes
     FROM audit_log WHERE region_code BETWEEN $1 AND $2 AND seq < $3 ORDER BY seq DESC LIMIT $4`,
    [lo, hi, beforeSeq, limit],
  );
}
