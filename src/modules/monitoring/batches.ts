/**
 * Load reports of feed batches. A batch belongs to its uploader's (or API key's) region and is seen
 * inside that subtree; a batch loaded at the command line has no region and is seen by staff at
 * county level and above.
 */
import { AppError } from '../../core/errors.ts';
import type { RegionCode } from '../../core/region-code.ts';
import type { Queryable } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { actorLevel, requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import * as repo from './batch-repo.ts';
import * as runs from './run-repo.ts';

const seesUnscoped = (actor: Actor): boolean => {
  const level = actorLevel(actor);
  return level !== 'town' && level !== 'village';
};

export async function listBatches(
  q: Queryable,
  actor: Actor,
  f: { feedType?: string | undefined; limit: number; offset: number },
): Promise<{ rows: repo.BatchRow[]; total: number }> {
  requirePermission(actor, 'feeds.read');
  const { lo, hi } = scopeOf(actor);
  return repo.listInRange(q, lo, hi, { ...f, unscoped: seesUnscoped(actor) });
}

async function batchInScope(q: Queryable, actor: Actor, id: number, action: string): Promise<repo.BatchRow> {
  requirePermission(actor, 'feeds.read');
  const b = await repo.findBatch(q, id);
  if (!b || (b.region_code === null && !seesUnscoped(actor))) throw new AppError('NOT_FOUND', '该批次不存在');
  if (b.region_code)
    requireInScope(actor, b.region_code as RegionCode, {
      action,
      objectType: 'feed_batch',
      objectId: String(id),
    });
  return b;
}

export async function getBatch(
  q: Queryable,
  actor: Actor,
  id: number,
): Promise<{ batch: repo.BatchRow; run: runs.RunRow | null }> {
  const batch = await batchInScope(q, actor, id, 'feed_batch.read');
  const run = batch.run_id ? ((await runs.findRun(q, batch.run_id)) ?? null) : null;
  return { batch, run };
}

export async function batchErrors(
  q: Queryable,
  actor: Actor,
  id: number,
  page: { limit: number; offset: number },
): Promise<{ rows: Array<{ row_number: number; message: string }>; total: number; rejected: number }> {
  const b = await batchInScope(q, actor, id, 'feed_batch.errors');
  const r = await repo.errorsOf(q, id, page.limit, page.offset);
  return { ...r, rejected: b.rows_rejected };
}
