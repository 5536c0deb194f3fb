/** Monitoring runs for the HTTP API: list, progress, and starting a full run in the background. */
import { AppError } from '../../core/errors.ts';
import type { Database, Queryable } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { type RunDeps, resumeRun, runMonitoring, unfinishedRuns } from './run.ts';
import * as repo from './run-repo.ts';

export async function listRuns(
  q: Queryable,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ rows: repo.RunRow[]; total: number }> {
  requirePermission(actor, 'monitoring.run');
  return repo.listRuns(q, page.limit, page.offset);
}

export async function getRun(q: Queryable, actor: Actor, id: number): Promise<repo.RunRow> {
  requirePermission(actor, 'monitoring.run');
  const r = await repo.findRun(q, id);
  if (!r) throw new AppError('NOT_FOUND', '该监测运行不存在');
  return r;
}

/**
 * Starts a full run in the background and answers its row as soon as it exists; runs left
 * unfinished earlier are resumed after it.
 */
export async function startFullRun(
  db: Database,
  deps: RunDeps,
  actor: Actor,
  onError: (e: unknown) => void,
): Promise<repo.RunRow> {
  requirePermission(actor, 'monitoring.run');
  return new Promise<repo.RunRow>((resolve, reject) => {
    let started = false;
    runMonitoring(db, deps, {
      kind: 'full',
      actor,
      onStart: (run) => {
        started = true;
        resolve(run);
      },
    })
      .then(async () => {
        for (const r of await unfinishedRuns(db)) await resumeRun(db, deps, r.id, { actor });
      })
      .catch((e: unknown) => {
        if (started) onError(e);
        else reject(e);
      });
  });
}
