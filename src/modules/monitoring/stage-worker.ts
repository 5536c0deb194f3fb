/**
 * The staging worker: parses a feed file, validates, hashes, blind-indexes and encrypts its rows and
 * posts CSV chunks to the importing thread, at most `AHEAD` chunks ahead of what the database has
 * taken. The importing thread then only talks to the database, so parsing and loading run on two
 * cores at once.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { FeedType } from './feeds/feed-types.ts';
import { FeedFileError } from './feeds/header.ts';
import { type FeedFileInfo, parseFeedBatches } from './feeds/parse.ts';
import { CHUNK_ROWS, MAX_STORED_ERRORS, rowHashKey, type StagedChunk, stageChunks } from './stage.ts';
import { Credits, MORE } from './thread-lanes.ts';

export type StageWorkerData = {
  entry: string;
  idKeyHex: string;
  indexKeyHex: string;
  type: FeedType;
  path: string;
  today: IsoDate;
  /** This worker's share of the rows, when several stage one file: row number mod `of` = `index`. */
  part: { index: number; of: number };
};

export type StageWorkerMessage =
  | { type: 'info'; info: FeedFileInfo }
  | { type: 'chunk'; chunk: StagedChunk }
  | { type: 'done' }
  | { type: 'error'; fileError: { kind: FeedFileError['kind']; detail: string } | null; message: string };

const AHEAD = 2;

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as StageWorkerData;
  const credits = new Credits(AHEAD);
  port.on('message', (m: unknown) => {
    if (m === MORE) credits.grant();
  });
  try {
    const keys = makeKeys(data.idKeyHex, data.indexKeyHex);
    let bytes = 0;
    const { index, of } = data.part;
    const parsed = parseFeedBatches(data.type, data.path, {
      hashKey: rowHashKey(keys),
      today: data.today,
      onBytes: (n) => {
        bytes = n;
      },
      onFileInfo: (info) => port.postMessage({ type: 'info', info } satisfies StageWorkerMessage),
      takes: of > 1 ? (rowNumber) => rowNumber % of === index : undefined,
    });
    const maxErrors = Math.ceil(MAX_STORED_ERRORS / of);
    for await (const chunk of stageChunks(keys, parsed, () => bytes, CHUNK_ROWS, maxErrors)) {
      await credits.spend();
      // The chunk's bytes own their buffer: transferred, not copied.
      port.postMessage({ type: 'chunk', chunk } satisfies StageWorkerMessage, [
        chunk.data.buffer as ArrayBuffer,
      ]);
    }
    port.postMessage({ type: 'done' } satisfies StageWorkerMessage);
  } catch (e) {
    port.postMessage({
      type: 'error',
      fileError: e instanceof FeedFileError ? { kind: e.kind, detail: e.detail ?? e.message } : null,
      message: e instanceof Error ? e.message : String(e),
    } satisfies StageWorkerMessage);
  } finally {
    port.close();
  }
}

await main();
