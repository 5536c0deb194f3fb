/**
 * Loading a department feed (SPEC §6, appendix A.4): a file (CLI `doudi feed import`, staff upload)
 * or rows pushed by a department system. The file is parsed streaming (`parseFeedBatches`) in the
 * staging worker, each valid row's ID number blind-indexed and encrypted (`stage.ts`), and rows go to
 * the database in chunks: binary COPY into staging, insert-if-absent by row hash, match to persons and
 * record leads, one transaction per chunk. Row errors (Chinese, with row numbers) are kept with the batch. Then an incremental
 * monitoring run evaluates the households the new rows touch.
 *
 * The same file twice (same type and SHA-256) is recorded as a `duplicate` batch and reads nothing;
 * the same rows in another file add nothing either (unique row hash).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RegistryKeys } from '../../core/crypto.ts';
import { type IsoDate, shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/types.ts';
import { type Actor, actorId, actorName } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import * as batches from './batch-repo.ts';
import { type ColumnSpec, FEEDS, type FeedType } from './feeds/feed-types.ts';
import { FeedFileError } from './feeds/header.ts';
import type { FeedFileInfo } from './feeds/parse.ts';
import { validateFeedObject } from './feeds/validate.ts';
import { createStage, dropStage, dropStaleStages, mergeStage, stageChunk } from './load-repo.ts';
import { type RunHooks, type RunSummary, runMonitoring } from './run.ts';
import { rowHashKey, type StagedChunk, stageChunks } from './stage.ts';
import { stageFile } from './stage-source.ts';

/** Row errors returned in the import result. */
const RETURNED_ERRORS = 200;

export type FeedSource =
  | { kind: 'file'; path: string; fileName?: string | undefined }
  | { kind: 'rows'; rows: ReadonlyArray<Readonly<Record<string, unknown>>> };

export interface ImportOptions {
  /** How the batch arrived (default: file → `file`, rows → `push`). */
  batchSource?: 'file' | 'push' | 'demo';
  department?: string | null;
  apiKeyId?: number | null;
  /** The batch's region (default: the actor's). */
  regionCode?: string | null;
  /** Dates after this day are refused (default: today in Shanghai). */
  today?: IsoDate;
  /** Run date of the incremental run (default: today). */
  runDate?: IsoDate;
  /** Start the incremental monitoring run after the load (default true). */
  run?: boolean;
  runHooks?: RunHooks;
  /** Parse on this thread instead of the staging worker. */
  inline?: boolean;
  /** Called once the batch row exists (the upload route answers with its id). */
  onBatch?: (batch: batches.BatchRow) => void;
  onProgress?: (p: { bytesRead: number; bytesTotal: number | null; rowsRead: number }) => void;
}

export interface ImportResult {
  batch: batches.BatchRow;
  /** The first row errors (all are stored with the batch). */
  errors: string[];
  run: RunSummary | null;
}

export interface ImportDeps {
  keys: RegistryKeys;
}

async function fileSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Imports a feed and (unless `run: false`) runs the incremental monitoring run. File-level problems
 * (missing columns, unreadable file) fail the batch with one Chinese message and are rethrown.
 */
export async function importFeed(
  db: Database,
  deps: ImportDeps,
  actor: Actor,
  type: FeedType,
  source: FeedSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (actor.kind === 'user') requirePermission(actor, 'feeds.import');
  const isFile = source.kind === 'file';
  const contentHash = isFile
    ? await fileSha256(source.path)
    : createHash('sha256').update(JSON.stringify(source.rows)).digest('hex');
  const bytesTotal = isFile ? (await stat(source.path)).size : null;
  const fileName = isFile ? (source.fileName ?? basename(source.path)) : null;
  const base: batches.NewBatch = {
    feed_type: type,
    source: opts.batchSource ?? (isFile ? 'file' : 'push'),
    file_name: fileName,
    content_hash: contentHash,
    department:
      opts.department ?? (actor.kind === 'user' ? actor.department : null) ?? FEEDS[type].department,
    uploaded_by_id: actorId(actor),
    uploaded_by_name: actorName(actor),
    api_key_id: opts.apiKeyId ?? null,
    region_code:
      opts.regionCode !== undefined ? opts.regionCode : actor.kind === 'user' ? actor.regionCode : null,
    bytes_total: bytesTotal,
  };

  const earlier = await batches.findDoneByContent(db, type, contentHash);
  if (earlier) {
    const batch = await db.transaction(async (tx) => {
      const b = await batches.insertBatch(tx, { ...base, status: 'duplicate', duplicate_of: earlier.id });
      await audit(tx, db.kind, actor, {
        action: 'feed.import',
        objectType: 'feed_batch',
        objectId: String(b.id),
        regionCode: b.region_code,
        changes: { feedType: type, fileName, duplicateOf: earlier.id, added: 0 },
      });
      return b;
    });
    opts.onBatch?.(batch);
    return { batch, errors: [], run: null };
  }

  const batch = await batches.insertBatch(db, base);
  opts.onBatch?.(batch);
  await dropStaleStages(db);
  await createStage(db, batch.id);
  const today = opts.today ?? shanghaiDate();
  const loader = new ChunkLoader(db, type, batch.id);
  let fileInfo: FeedFileInfo | null = null;
  const chunks = isFile
    ? stageFile({
        keys: deps.keys,
        type,
        path: source.path,
        today,
        inline: opts.inline,
        onFileInfo: (info) => {
          fileInfo = info;
        },
      })
    : stageChunks(deps.keys, [
        source.rows.map((r, i) =>
          validateFeedObject(type, r, i + 1, { hashKey: rowHashKey(deps.keys), today }),
        ),
      ]);

  try {
    for await (const chunk of chunks) {
      await loader.load(chunk);
      opts.onProgress?.({ bytesRead: chunk.bytesRead, bytesTotal, rowsRead: loader.progress.rowsRead });
    }
    await loader.settle();
    await loader.merge();
  } catch (e) {
    await loader.settle().catch(() => {});
    await dropStage(db, batch.id).catch(() => {});
    const fileError =
      e instanceof FeedFileError || e instanceof AppError ? (e.detail ?? e.message) : '导入中断';
    await db.transaction(async (tx) => {
      const b = await batches.finishBatch(tx, batch.id, { status: 'failed', fileError, fileInfo });
      await audit(tx, db.kind, actor, {
        action: 'feed.import',
        objectType: 'feed_batch',
        objectId: String(b.id),
        regionCode: b.region_code,
        result: 'failed',
        changes: { feedType: type, fileName, error: fileError, added: b.rows_added },
      });
    });
    throw e;
  }

  const done = await db.transaction(async (tx) => {
    const b = await batches.finishBatch(tx, batch.id, { status: 'done', fileInfo });
    await audit(tx, db.kind, actor, {
      action: 'feed.import',
      objectType: 'feed_batch',
      objectId: String(b.id),
      regionCode: b.region_code,
      changes: {
        feedType: type,
        fileName,
        rowsRead: b.rows_read,
        added: b.rows_added,
        duplicate: b.rows_duplicate,
        rejected: b.rows_rejected,
        matched: b.rows_matched,
        leads: b.leads_added,
      },
    });
    return b;
  });

  let run: RunSummary | null = null;
  if (opts.run !== false && done.rows_matched > 0) {
    run = await runMonitoring(db, deps, {
      kind: 'incremental',
      actor,
      batchId: done.id,
      ...(opts.runDate ? { runDate: opts.runDate } : {}),
      ...(opts.runHooks ? { hooks: opts.runHooks } : {}),
    });
    done.run_id = (await batches.findBatch(db, done.id))?.run_id ?? null;
  }
  return { batch: done, errors: loader.firstErrors, run };
}

/**
 * Stages chunks, each in its own transaction (so the progress the UI polls is committed), one chunk
 * in the database while the next is being prepared (by the staging worker, or by this thread between
 * database round trips); then merges the whole batch into `feed_rows` in one transaction.
 */
class ChunkLoader {
  readonly progress: batches.Progress = {
    bytesRead: 0,
    rowsRead: 0,
    rowsRejected: 0,
    rowsAdded: 0,
    rowsDuplicate: 0,
    rowsMatched: 0,
    leadsAdded: 0,
  };
  readonly firstErrors: string[] = [];
  private inFlight: Promise<void> | null = null;
  private staged = 0;
  private readonly opts: { discoveryLead: boolean; withHead: boolean };

  constructor(
    private readonly db: Database,
    private readonly type: FeedType,
    private readonly batchId: number,
  ) {
    this.opts = {
      discoveryLead: FEEDS[type].discoveryLead,
      // The feed has an ID number column besides the person's (the household head's).
      withHead: (FEEDS[type].columns as readonly ColumnSpec[]).some(
        (c) => c.type === 'id' && c.key !== 'id_number',
      ),
    };
  }

  /** Waits for the chunk in flight, then sends this one (without waiting for it). */
  async load(chunk: StagedChunk): Promise<void> {
    await this.settle();
    for (const e of chunk.errors) {
      if (this.firstErrors.length >= RETURNED_ERRORS) break;
      this.firstErrors.push(e.message);
    }
    const p = this.progress;
    p.bytesRead = chunk.bytesRead;
    p.rowsRead += chunk.read;
    p.rowsRejected += chunk.rejected;
    this.staged += chunk.rows;
    const snapshot = { ...p };
    const work = this.db.transaction(async (tx) => {
      await stageChunk(tx, this.batchId, chunk.data);
      await batches.insertErrors(tx, this.batchId, chunk.errors);
      await batches.updateProgress(tx, this.batchId, snapshot);
    });
    work.catch(() => {}); // observed in settle(); this only keeps it from counting as unhandled
    this.inFlight = work;
  }

  /** Waits for the chunk in flight (rethrowing its failure). */
  async settle(): Promise<void> {
    const p = this.inFlight;
    this.inFlight = null;
    if (p) await p;
  }

  /** Moves the staged rows into `feed_rows` and records the counts (drops the staging table). */
  async merge(): Promise<void> {
    const p = this.progress;
    await this.db.transaction(async (tx) => {
      let r = { added: 0, matched: 0, leadsAdded: 0 };
      if (this.staged > 0) r = await mergeStage(tx, this.db.kind, this.type, this.batchId, this.opts);
      else await dropStage(tx, this.batchId);
      const done = {
        ...p,
        rowsAdded: r.added,
        rowsDuplicate: this.staged - r.added,
        rowsMatched: r.matched,
        leadsAdded: r.leadsAdded,
      };
      await batches.updateProgress(tx, this.batchId, done);
      Object.assign(p, done);
    });
  }
}
