/**
 * Staged chunks of a feed file, made in the staging worker thread (the default: parsing and the
 * database then use two cores) or on this thread (`inline`, and the fallback where worker threads are
 * unavailable). Either way the same `stageChunks` does the work and file problems arrive as the same
 * `FeedFileError`.
 */
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { RegistryKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { FeedType } from './feeds/feed-types.ts';
import { FeedFileError } from './feeds/header.ts';
import { type FeedFileInfo, parseFeedBatches } from './feeds/parse.ts';
import { detectFormat } from './feeds/source.ts';
import { rowHashKey, type StagedChunk, stageChunks } from './stage.ts';
import type { StageWorkerData, StageWorkerMessage } from './stage-worker.ts';
import { MORE, ThreadLanes } from './thread-lanes.ts';

export type FileStageOptions = {
  keys: RegistryKeys;
  type: FeedType;
  path: string;
  today: IsoDate;
  onFileInfo: (info: FeedFileInfo) => void;
  inline?: boolean | undefined;
  /** Staging threads (default: `stagingThreads` decides). */
  threads?: number | undefined;
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

/**
 * How many staging threads share a file: two for a large CSV on a machine with cores to spare (each
 * reads the whole file, which is cheap, and validates, hashes and encrypts every other row, which is
 * most of the work); one otherwise (an XLSX would be unzipped twice; a small file is not worth a
 * second thread's start-up).
 */
async function stagingThreads(path: string): Promise<number> {
  if (availableParallelism() < 2) return 1;
  const file = await open(path);
  try {
    const { size } = await file.stat();
    if (size < TWO_THREADS_FROM_BYTES) return 1;
    const head = Buffer.alloc(4);
    await file.read(head, 0, 4, 0);
    return detectFormat(head) === 'csv' ? 2 : 1;
  } catch {
    return 1; // the worker reports what is wrong with the file
  } finally {
    await file.close();
  }
}

const TWO_THREADS_FROM_BYTES = 8 * 1024 * 1024;

async function* inWorker(o: FileStageOptions): AsyncGenerator<StagedChunk> {
  const of = o.threads ?? (await stagingThreads(o.path));
  const data: StageWorkerData[] = Array.from({ length: of }, (_, index) => ({
    entry: new URL('./stage-worker.ts', import.meta.url).href,
    idKeyHex: o.keys.id.key.toString('hex'),
    indexKeyHex: o.keys.index.toString('hex'),
    type: o.type,
    path: o.path,
    today: o.today,
    part: { index, of },
  }));
  const threads = new ThreadLanes<StageWorkerMessage>(
    data,
    (m) => m.type === 'done' || m.type === 'error',
    '数据解析线程意外退出',
  );
  // Bytes of the file each thread has read (Infinity once done): both read the whole file, so it is
  // read as far as the slower one has come.
  const bytes = data.map(() => 0);
  let infoSent = false;
  try {
    for (;;) {
      // Whichever thread has something; the threads' chunks interleave (each row keeps its number).
      const next = await threads.takeAny();
      if (!next) return;
      const { from, message: m } = next;
      if (m.type === 'info') {
        if (!infoSent) o.onFileInfo(m.info);
        infoSent = true;
      } else if (m.type === 'done') bytes[from] = Number.POSITIVE_INFINITY;
      else if (m.type === 'error') {
        throw m.fileError ? new FeedFileError(m.fileError.kind, m.fileError.detail) : new Error(m.message);
      } else {
        bytes[from] = m.chunk.bytesRead;
        const bytesRead = Math.min(...bytes);
        yield { ...m.chunk, bytesRead: Number.isFinite(bytesRead) ? bytesRead : m.chunk.bytesRead };
        threads.post(from, MORE);
      }
    }
  } finally {
    await threads.close();
  }
}
