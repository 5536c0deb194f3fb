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
import { Worker } from 'node:worker_threads';
import type { Database } from '../../db/types.ts';
import { evaluateChunk, type PackResolver, type RunScope, readChunk } from './run-chunk.ts';
import type { NewWarning } from './run-repo.ts';
import type { RunWorkerData, RunWorkerMessage, RunWorkerOrder } from './run-worker.ts';

export type EvaluatedChunk = {
  seq: number;
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

type Lane = {
  worker: Worker;
  queue: RunWorkerMessage[];
  /** The thread sent its last message (it may exit before the message is taken). */
  finished: boolean;
};

/** Evaluation threads, started and waiting for their chunks. */
export class EvaluationThreads {
  private readonly lanes: Lane[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  private constructor(url: string, count: number) {
    for (let t = 0; t < count; t++) {
      const data: RunWorkerData = {
        entry: new URL('./run-worker.ts', import.meta.url).href,
        url,
        ahead: AHEAD,
      };
      // A large young generation: a chunk's rows and members die young, in cheap scavenges.
      const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), {
        workerData: data,
        resourceLimits: { maxYoungGenerationSizeMb: 128 },
      });
      const lane: Lane = { worker, queue: [], finished: false };
      worker.on('message', (m: RunWorkerMessage) => {
        if (m.type !== 'chunk') lane.finished = true;
        lane.queue.push(m);
        this.notify();
      });
      worker.on('error', (e) => {
        this.failure ??= e;
        this.notify();
      });
      worker.on('exit', () => {
        if (!lane.finished) this.failure ??= new Error('监测运行的计算线程意外退出');
        this.notify();
      });
      this.lanes.push(lane);
    }
  }

  /** `count` threads on the database at `url` (PostgreSQL). */
  static start(url: string, count: number): EvaluationThreads {
    return new EvaluationThreads(url, count);
  }

  get count(): number {
    return this.lanes.length;
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }

  /** The chunks `seqs` evaluated, in order: thread t takes chunks t, t + n, t + 2n, … */
  async *evaluate(
    scope: RunScope,
    seqs: readonly number[],
    packs: PackResolver,
    allNew: boolean,
  ): AsyncGenerator<EvaluatedChunk> {
    const n = this.lanes.length;
    this.lanes.forEach((lane, t) => {
      const order: RunWorkerOrder = { scope, seqs: seqs.filter((_, i) => i % n === t), allNew };
      lane.worker.postMessage(order);
    });
    // Chunk i went to thread i mod n, and each thread sends its chunks in order.
    for (let i = 0; i < seqs.length; i++) {
      const lane = this.lanes[i % n]!;
      let m = lane.queue.shift();
      while (!m) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.wake = resolve));
        m = lane.queue.shift();
      }
      if (m.type === 'error') throw new Error(m.message);
      if (m.type === 'done') throw new Error('监测运行的计算线程提前结束');
      for (const note of m.notes) packs.notes.add(note);
      lane.worker.postMessage('more');
      yield m.chunk;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
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
          seq: seqs[i]!,
          households: data.ids.length,
          lastHousehold: data.ids[data.ids.length - 1]!,
          candidates: evaluateChunk(data, packs, scope.runDate, allNew),
        }
      : { seq: seqs[i]!, households: 0, lastHousehold: scope.cursor, candidates: [] };
  }
}
