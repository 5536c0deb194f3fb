/**
 * A run's chunks read and put through the rules, in order. On this thread, the next chunk is read
 * while the rules run over this one. On PostgreSQL a large run spreads the work over threads
 * (`run-worker.ts`), each with its own connections, each taking every n-th chunk: reading a million
 * households' members and feed rows and evaluating them is CPU work on the Node side (the database
 * serves the reads in a fraction of that time), and one thread was the run's bottleneck. The chunks
 * still come out in order; writing them stays with the caller, one transaction per chunk, in order,
 * so the cursor and resuming work as they always did.
 *
 * A thread takes a second or two to start (modules, connections, policy packs), so a run that will
 * be large starts its threads before it lists its households (`EvaluationThreads.start`); they wait
 * for their chunks.
 */
import { availableParallelism } from 'node:os';
import type { Database } from '../../db/types.ts';
import { evaluateChunk, type PackResolver, type RunScope, readChunk } from './run-chunk.ts';
import type { NewWarning } from './run-repo.ts';
import type { RunWorkerData, RunWorkerMessage, RunWorkerOrder } from './run-worker.ts';
import { MORE, ThreadLanes } from './thread-lanes.ts';

export type EvaluatedChunk = {
  /** Households of the chunk evaluated (those after the run's cursor; 0: none was left). */
  households: number;
  /** Its largest household id: the run's cursor once the chunk is written. */
  lastHousehold: number;
  candidates: NewWarning[];
};

/** A run with fewer chunks than this stays on one thread. */
export const THREADS_FROM_CHUNKS = 4;
/** Threads beyond this add little: the database needs cores too. */
const MAX_THREADS = 4;
/** Chunks a thread may have evaluated and not yet handed over (bounds memory). */
const AHEAD = 2;

/**
 * How many threads would evaluate a run of `chunks` chunks: one on the embedded database (its one
 * connection lives in this process) or when an assistance chain is registered (it lives on this
 * thread); otherwise one per core, up to `MAX_THREADS`, for a run of `THREADS_FROM_CHUNKS` or more.
 */
export function evaluationThreads(db: Database, chunks: number, chainRegistered: boolean): number {
  if (db.connectionString === null || chainRegistered || chunks < THREADS_FROM_CHUNKS) return 1;
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism(), chunks));
}

/** Evaluation threads, started and waiting for their chunks. */
export class EvaluationThreads {
  private constructor(private readonly threads: ThreadLanes<RunWorkerMessage>) {}

  /** `count` threads on the database at `url` (PostgreSQL). */
  static start(url: string, count: number): EvaluationThreads {
    const data: RunWorkerData[] = Array.from({ length: count }, () => ({
      entry: new URL('./run-worker.ts', import.meta.url).href,
      url,
      ahead: AHEAD,
    }));
    return new EvaluationThreads(
      new ThreadLanes(data, (m) => m.type !== 'chunk', '监测运行的计算线程意外退出'),
    );
  }

  /** The chunks `seqs` evaluated, in order: thread t takes chunks t, t + n, t + 2n, … */
  async *evaluate(
    scope: RunScope,
    seqs: readonly number[],
    packs: PackResolver,
    allNew: boolean,
  ): AsyncGenerator<EvaluatedChunk> {
    const n = this.threads.count;
    for (let t = 0; t < n; t++) {
      const order: RunWorkerOrder = { scope, seqs: seqs.filter((_, i) => i % n === t), allNew };
      this.threads.post(t, order);
    }
    // Chunk i went to thread i mod n, and each thread sends its chunks in order.
    for (let i = 0; i < seqs.length; i++) {
      const m = await this.threads.take(i % n);
      if (m.type === 'error') throw new Error(m.message);
      if (m.type === 'done') throw new Error('监测运行的计算线程提前结束');
      for (const note of m.notes) packs.notes.add(note);
      this.threads.post(i % n, MORE);
      yield m.chunk;
    }
  }

  close(): Promise<void> {
    return this.threads.close();
  }
}

/**
 * The chunks `seqs` evaluated on this thread, in order, each read while the one before is evaluated
 * (used by the run's own thread and by each evaluation thread).
 */
export async function* evaluateInline(
  db: Database,
  scope: RunScope,
  seqs: readonly number[],
  packs: PackResolver,
  allNew: boolean,
): AsyncGenerator<EvaluatedChunk> {
  const read = (i: number) => {
    const p = readChunk(db, scope, seqs[i]!);
    p.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    return p;
  };
  let next = seqs.length > 0 ? read(0) : null;
  for (let i = 0; i < seqs.length; i++) {
    const data = await next!;
    next = i + 1 < seqs.length ? read(i + 1) : null;
    yield data
      ? {
          households: data.ids.length,
          lastHousehold: data.ids[data.ids.length - 1]!,
          candidates: evaluateChunk(data, packs, scope.runDate, allNew),
        }
      : { households: 0, lastHousehold: scope.cursor, candidates: [] };
  }
}
