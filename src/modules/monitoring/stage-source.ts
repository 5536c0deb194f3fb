/**
 * Staged chunks of a feed file, made in the staging worker thread (the default: parsing and the
 * database then use two cores) or on this thread (`inline`, and the fallback where worker threads are
 * unavailable). Either way the same `stageChunks` does the work and file problems arrive as the same
 * `FeedFileError`.
 */
import { Worker } from 'node:worker_threads';
import type { RegistryKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { FeedType } from './feeds/feed-types.ts';
import { FeedFileError } from './feeds/header.ts';
import { type FeedFileInfo, parseFeedBatches } from './feeds/parse.ts';
import { rowHashKey, type StagedChunk, stageChunks } from './stage.ts';
import type { StageWorkerData, StageWorkerMessage } from './stage-worker.ts';

export type FileStageOptions = {
  keys: RegistryKeys;
  type: FeedType;
  path: string;
  today: IsoDate;
  onFileInfo: (info: FeedFileInfo) => void;
  inline?: boolean | undefined;
};

export function stageFile(o: FileStageOptions): AsyncGenerator<StagedChunk> {
  return o.inline ? inline(o) : inWorker(o);
}

async function* inline(o: FileStageOptions): AsyncGenerator<StagedChunk> {
  let bytes = 0;
  const parsed = parseFeedBatches(o.type, o.path, {
    hashKey: rowHashKey(o.keys),
    today: o.today,
    onBytes: (n) => {
      bytes = n;
    },
    onFileInfo: o.onFileInfo,
  });
  yield* stageChunks(o.keys, parsed, () => bytes);
}

async function* inWorker(o: FileStageOptions): AsyncGenerator<StagedChunk> {
  const data: StageWorkerData = {
    entry: new URL('./stage-worker.ts', import.meta.url).href,
    idKeyHex: o.keys.id.key.toString('hex'),
    indexKeyHex: o.keys.index.toString('hex'),
    type: o.type,
    path: o.path,
    today: o.today,
  };
  // A large young generation: the short-lived parsed rows die in cheap scavenges.
  const worker = new Worker(new URL('./stage-worker-boot.mjs', import.meta.url), {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  const queue: StageWorkerMessage[] = [];
  let failure: Error | null = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: StageWorkerMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', () => {
    ended = true;
    notify();
  });
  try {
    for (;;) {
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        if (ended) throw new Error('数据解析线程意外退出');
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.type === 'info') o.onFileInfo(m.info);
      else if (m.type === 'done') return;
      else if (m.type === 'error') {
        throw m.fileError ? new FeedFileError(m.fileError.kind, m.fileError.detail) : new Error(m.message);
      } else {
        yield m.chunk;
        worker.postMessage({ type: 'more' });
      }
    }
  } finally {
    await worker.terminate();
  }
}
