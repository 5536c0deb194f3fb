/**
 * Monitoring runs (SPEC §6): the households of new feed rows (incremental, after every load) or of
 * every matched feed row (full, `doudi monitor run`) go through the warning rules in chunks of
 * households, in household-id order. Each chunk is one transaction: evaluate, insert the new
 * warnings and their tasks, move the run's cursor; the next chunk is read meanwhile. A run that
 * fails or whose process dies resumes after its cursor with the batches it claimed; warnings are
 * never duplicated (a signal key is inserted only if no warning has it, and a partial unique index
 * covers open warnings).
 *
 * After the last chunk, overdue verification tasks are escalated to the county.
 */
import { type IsoDate, shanghaiDate } from '../../core/dates.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { type Actor, actorName } from '../access/actor.ts';
import { audit } from '../audit/service.ts';
import { policyCatalog } from '../policies/catalog.ts';
import { assistanceChain, INERT_NOTE } from './assistance-chain.ts';
import { escalateOverdue } from './escalate.ts';
import { rematchUnmatched } from './load-repo.ts';
import { PackResolver, type RunScope } from './run-chunk.ts';
import { EvaluationThreads, evaluateInline, evaluationThreads, THREADS_FROM_CHUNKS } from './run-evaluate.ts';
import * as repo from './run-repo.ts';
import type { RunKind } from './schema.ts';

export const DEFAULT_CHUNK_HOUSEHOLDS = 10_000;
/** A `running` run without a heartbeat for this long was interrupted (its process died). */
export const STALE_RUN_SECONDS = 300;

export interface RunHooks {
  /** Inside the chunk's transaction, before commit (a throw rolls the chunk back). */
  beforeCommit?: (chunk: number) => void | Promise<void>;
  /** After the chunk committed. */
  afterChunk?: (chunk: number) => void | Promise<void>;
}

export interface RunOptions {
  kind: RunKind;
  actor: Actor;
  runDate?: IsoDate;
  batchId?: number | null;
  /** Households per chunk (one transaction each), fixed when the run starts; a resumed run keeps it. */
  chunkSize?: number;
  /** Threads that evaluate chunks (default: `evaluationThreads` decides; see run-evaluate.ts). */
  threads?: number;
  hooks?: RunHooks;
  onProgress?: (done: number, total: number) => void;
  /** Called once the run row exists (before any chunk). */
  onStart?: (run: repo.RunRow) => void;
}

export interface RunSummary {
  id: number;
  kind: RunKind;
  status: 'running' | 'done' | 'failed';
  runDate: string;
  householdsTotal: number;
  householdsDone: number;
  chunks: number;
  warningsRaised: number;
  escalated: number;
  notes: string[];
}

export interface RunDeps {
  keys?: unknown;
}

const summaryOf = (r: repo.RunRow): RunSummary => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  runDate: r.run_date,
  householdsTotal: r.households_total,
  householdsDone: r.households_done,
  chunks: r.chunks,
  warningsRaised: r.warnings_raised,
  escalated: r.escalated,
  notes: r.notes,
});

/** Starts a run and carries it to the end. */
export async function runMonitoring(db: Database, _deps: RunDeps, opts: RunOptions): Promise<RunSummary> {
  const runDate = opts.runDate ?? shanghaiDate();
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_HOUSEHOLDS;
  if (opts.kind === 'full') await db.transaction((tx) => rematchUnmatched(tx));
  const chain = assistanceChain();
  // Threads for a run that will be large start now and load while the households are listed.
  const expected = await repo.expectedHouseholds(db, opts.kind);
  const early = threadsFor(db, opts, Math.ceil(expected / chunkSize), chain !== null);
  try {
    const run = await db.transaction(async (tx) => {
      const r = await repo.insertRun(tx, {
        kind: opts.kind,
        runDate,
        batchId: opts.batchId ?? null,
        actorName: actorName(opts.actor),
      });
      const extra = opts.kind === 'full' && chain ? repo.ASSISTED_HOUSEHOLDS_SQL : null;
      const batches = await repo.claimBatches(tx, r.id);
      // Enough memory for a million distinct households to be listed without spilling to disk.
      await tx.query(`SET LOCAL work_mem = '256MB'`);
      await repo.fillRunHouseholds(tx, r.id, opts.kind, batches, extra, chunkSize);
      return (await repo.findRun(tx, r.id))!;
    });
    opts.onStart?.(run);
    return await carryOn(db, run, opts, early);
  } finally {
    await early?.close();
  }
}

/** Evaluation threads for a run of about `chunks` chunks, started; null: evaluate on this thread. */
function threadsFor(
  db: Database,
  opts: Pick<RunOptions, 'threads'>,
  chunks: number,
  chainRegistered: boolean,
): EvaluationThreads | null {
  const n = opts.threads ?? evaluationThreads(db, chunks, chainRegistered);
  return n > 1 && db.connectionString !== null && !chainRegistered
    ? EvaluationThreads.start(db.connectionString, n)
    : null;
}

/** Resumes a failed or interrupted run after its cursor. */
export async function resumeRun(
  db: Database,
  _deps: RunDeps,
  runId: number,
  opts: Pick<RunOptions, 'actor' | 'hooks' | 'onProgress' | 'threads'>,
): Promise<RunSummary> {
  const run = await repo.findRun(db, runId);
  if (!run) throw new Error(`监测运行 ${runId} 不存在`);
  if (run.status === 'done') return summaryOf(run);
  await repo.reopenRun(db, runId);
  return carryOn(db, run, { ...opts, kind: run.kind }, null);
}

/** Runs left unfinished (failed, or their process died), oldest first. */
export async function unfinishedRuns(db: Queryable): Promise<repo.RunRow[]> {
  return repo.unfinishedRuns(db, STALE_RUN_SECONDS);
}

async function carryOn(
  db: Database,
  start: repo.RunRow,
  opts: Omit<RunOptions, 'runDate' | 'batchId'>,
  early: EvaluationThreads | null,
): Promise<RunSummary> {
  const runDate = start.run_date as IsoDate;
  const catalog = (await policyCatalog(db)).catalog;
  const packs = new PackResolver(catalog, runDate);
  const chain = assistanceChain();
  const batches = await repo.claimedBatches(db, start.id);
  for (const n of start.notes) packs.notes.add(n);
  if (!chain) packs.notes.add(INERT_NOTE);
  let done = start.households_done;
  let chunk = start.chunks;
  let notesWritten = packs.notes.size;
  const scope: RunScope = { runId: start.id, runDate, batches, cursor: start.cursor };
  const seqs = await repo.remainingChunks(db, start.id, start.cursor);
  // Threads started early serve a run that turned out large enough (or whose caller asked for them);
  // a resumed run starts its own when it is large.
  let threads: EvaluationThreads | null;
  if (early) threads = opts.threads !== undefined || seqs.length >= THREADS_FROM_CHUNKS ? early : null;
  else threads = threadsFor(db, opts, seqs.length, chain !== null);
  const allNew = opts.kind === 'full';
  const chunks = threads
    ? threads.evaluate(scope, seqs, packs, allNew)
    : evaluateInline(db, scope, seqs, packs, allNew);
  // A chunk's warnings are written while the next chunk is evaluated: the database and the rules
  // work at the same time. Chunks still commit one after the other, in order.
  let writing: Promise<{ n: number; count: number; notes: number }> | null = null;
  const committed = async () => {
    if (!writing) return;
    const step = await writing;
    writing = null;
    done += step.count;
    chunk = step.n;
    notesWritten = step.notes;
    opts.onProgress?.(done, Math.max(done, start.households_total));
    await opts.hooks?.afterChunk?.(step.n);
  };
  try {
    for await (const data of chunks) {
      if (data.households === 0) continue; // nothing of the chunk was left to do
      await committed();
      const n = chunk + 1;
      writing = db.transaction(async (tx) => {
        const raised = await repo.insertWarnings(tx, start.id, data.candidates);
        const notes = packs.notes.size > notesWritten ? [...packs.notes] : null;
        await repo.chunkDone(tx, start.id, {
          cursor: data.lastHousehold,
          households: data.households,
          warnings: raised,
          notes,
        });
        await opts.hooks?.beforeCommit?.(n);
        return { n, count: data.households, notes: notes?.length ?? notesWritten };
      });
      writing.catch(() => {}); // awaited in committed(); this only keeps it from counting as unhandled
    }
    await committed();
    const finished = await db.transaction(async (tx) => {
      const escalated = await escalateOverdue(tx, db.kind, shanghaiDate());
      const r = await repo.finishRun(tx, start.id, { status: 'done', escalated, notes: [...packs.notes] });
      await audit(tx, db.kind, opts.actor, {
        action: 'monitoring.run',
        objectType: 'monitoring_run',
        objectId: String(r.id),
        changes: {
          kind: r.kind,
          runDate: r.run_date,
          households: r.households_done,
          warnings: r.warnings_raised,
          escalated: r.escalated,
        },
      });
      return r;
    });
    return summaryOf(finished);
  } catch (e) {
    await chunks.return(undefined).catch(() => null);
    await (writing as Promise<unknown> | null)?.catch(() => null);
    const message = e instanceof Error ? e.message : String(e);
    await repo
      .finishRun(db, start.id, { status: 'failed', error: message.slice(0, 500), notes: [...packs.notes] })
      .catch(() => {});
    throw e;
  } finally {
    if (threads !== early) await threads?.close();
  }
}
