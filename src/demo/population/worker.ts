/**
 * Worker side of the demo generator: generates CSV batches and posts them to the loader, at most
 * `AHEAD` batches ahead of what the loader has written, so memory stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeKeys } from '../../core/crypto.ts';
import { type GenerateInput, generateBatches, transferables } from './generate.ts';
import { StandardsBook } from './standards.ts';

export type WorkerData = { entry: string; idKeyHex: string; indexKeyHex: string };
/** Sent once the loader knows the first free ids (the worker boots meanwhile). */
export type StartMessage = { type: 'start'; input: GenerateInput };
export type WorkerMessage =
  | { type: 'batch'; batch: import('./generate.ts').CopyBatch }
  | { type: 'done'; counters: import('./generate.ts').VillageCounters }
  | { type: 'error'; message: string };

const AHEAD = 2;

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as WorkerData;
  let credit = AHEAD;
  let wake: (() => void) | null = null;
  let start: (input: GenerateInput) => void = () => {};
  const started = new Promise<GenerateInput>((resolve) => (start = resolve));
  port.on('message', (m: { type: string } | StartMessage) => {
    if (m.type === 'more') {
      credit++;
      wake?.();
      wake = null;
    } else if (m.type === 'start') start((m as StartMessage).input);
  });
  try {
    const keys = makeKeys(data.idKeyHex, data.indexKeyHex);
    const book = await StandardsBook.load();
    const gen = generateBatches(await started, keys, book);
    for (;;) {
      const r = gen.next();
      if (r.done) {
        port.postMessage({ type: 'done', counters: r.value } satisfies WorkerMessage);
        break;
      }
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      port.postMessage({ type: 'batch', batch: r.value } satisfies WorkerMessage, transferables(r.value));
    }
  } catch (e) {
    port.postMessage({
      type: 'error',
      message: e instanceof Error ? e.message : String(e),
    } satisfies WorkerMessage);
  } finally {
    port.close();
  }
}

await main();
