/**
 * Every change and every read of personal data goes through `audit()`, in the same transaction as
 * the change, so a change without its audit row cannot commit. ID numbers never reach this table:
 * `changes` is scrubbed before hashing.
 */
import { maskIdNumber } from '../../core/id-number.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { type Actor, actorId, actorName } from '../access/actor.ts';
import { requirePermission, scopeOf } from '../access/index.ts';
import { type ChainBreak, checkRows, rowHash } from './chain.ts';
import * as repo from './repository.ts';

export type AuditEntry = {
  action: string;
  objectType: string;
  objectId?: string | null;
  regionCode?: string | null;
  result?: 'ok' | 'denied' | 'failed';
  /** Changed fields as { field: [old, new] } or any details; ID numbers are masked automatically. */
  changes?: Record<string, unknown> | null;
  requestId?: string | null;
  ip?: string | null;
};

const ID_PATTERN = /\d{17}[\dXx]/g;

function scrub(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(ID_PATTERN, (m) => maskIdNumber(m));
  if (Array.isArray(v)) return v.map(scrub);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
  return v;
}

export async function audit(
  tx: Queryable,
  kind: Database['kind'],
  actor: Actor,
  e: AuditEntry,
): Promise<number> {
  await repo.lockChain(tx, kind === 'postgres');
  const prev = await repo.lastHash(tx);
  const content = {
    at: new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
    actor_id: actorId(actor),
    actor_name: actorName(actor),
    action: e.action,
    object_type: e.objectType,
    object_id: e.objectId ?? null,
    region_code: e.regionCode ?? null,
    result: e.result ?? 'ok',
    changes: e.changes ? scrub(e.changes) : null,
    request_id: e.requestId ?? null,
    ip: e.ip ?? null,
    prev_hash: prev,
  };
  return repo.insertRow(tx, { ...content, hash: rowHash(content) });
}

export type VerifyResult = { rows: number; broken: ChainBreak | null };

/** Walks the whole chain in batches; reports the first row edited, deleted or reordered. */
export async function verifyChain(db: Queryable, onProgress?: (rows: number) => void): Promise<VerifyResult> {
  let prev = repo.GENESIS_HASH;
  let after = 0;
  let count = 0;
  for (;;) {
    const batch = await repo.readBatch(db, after, 5000);
    if (batch.length === 0) return { rows: count, broken: null };
    const { broken, last, intact } = checkRows(batch, prev);
    if (broken) return { rows: count + intact, broken };
    prev = last;
    after = batch[batch.length - 1]!.seq;
    count += batch.length;
    onProgress?.(count);
  }
}

/** Audit entries about the actor's subtree, newest first (supervisors and admins). */
export async function listAudit(
  db: Queryable,
  actor: Actor,
  page: { limit: number; beforeSeq?: number | undefined },
): Promise<repo.AuditListRow[]> {
  requirePermission(actor, 'audit.read');
  const { lo, hi } = scopeOf(actor);
  return repo.listInRange(db, lo, hi, page.beforeSeq ?? Number.MAX_SAFE_INTEGER, page.limit);
}
