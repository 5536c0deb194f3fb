/**
 * A monitoring run's evaluation thread (see run-evaluate.ts): opens its own connections to the
 * PostgreSQL database and loads the policy packs, then, given its chunks, reads them, puts them
 * through the rules and posts each chunk's candidate warnings to the run's thread, at most `ahead`
 * chunks ahead of what that thread has taken. It writes nothing: the run's thread writes every chunk,
 * in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPostgres } from '../../db/postgres-client.ts';
import { policyCatalog } from '../policies/catalog.ts';
import { PackResolver, type RunScope } from './run-chunk.ts';
import { type EvaluatedChunk, evaluateInline } from './run-evaluate.ts';
import { Credits, MORE } from './thread-lanes.ts';

export type RunWorkerData = { entry: string; url: string; ahead: number };

/** What the run's thread sends once it knows the chunks (this thread's, in order). */
export type RunWorkerOrder = { scope: RunScope; seqs: number[]; allNew: boolean };

/** `notes`: the rules' notes new since the thread's last message. */
export type RunWorkerMessage =
  | { type: 'chunk'; chunk: EvaluatedChunk; notes: string[] }
  | { type: 'done' }
  | { type: 'error'; message: string };

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as RunWorkerData;
  const credits = new Credits(data.ahead);
  let ordered: (order: RunWorkerOrder) => void = () => {};
  const order = new Promise<RunWorkerOrder>((resolve) => (ordered = resolve));
  port.on('message', (m: RunWorkerOrder | typeof MORE) => {
    if (m === MORE) credits.grant();
    else ordered(m);
  });
  // Enough connections for a chunk's reads that go at once (run-chunk.ts) and the next chunk's.
  const db = await openPostgres(data.url, 4);
  try {
    const catalog = (await policyCatalog(db)).catalog;
    const { scope, seqs, allNew } = await order;
    const packs = new PackResolver(catalog, scope.runDate);
    let notesSent = 0;
    for await (const chunk of evaluateInline(db, scope, seqs, packs, allNew)) {
      const notes = [...packs.notes].slice(notesSent);
      notesSent += notes.length;
      await credits.spend();
      port.postMessage({ type: 'chunk', chunk, notes } satisfies RunWorkerMessage);
    }
    port.postMessage({ type: 'done' } satisfies RunWorkerMessage);
  } catch (e) {
    port.postMessage({
      type: 'error',
      message: e instanceof Error ? e.message : String(e),
    } satisfies RunWorkerMessage);
  } finally {
    await db.close();
    port.close();
  }
}

await main();
