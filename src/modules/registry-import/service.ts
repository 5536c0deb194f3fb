/**
 * Registry import: a county's existing roster from CSV or XLSX into the database, in one
 * transaction. Rows stream from the file, are validated one by one (Chinese messages with row
 * numbers), encrypted and COPYed in chunks into temporary tables, where each chunk is resolved
 * against the registry while the next is read; checks that need the database run set-wise; the
 * valid rows are merged (households by 户编号, people by ID-number blind index) and the bad ones
 * reported. Importing the same file twice changes nothing the second time.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { blindIndex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import type { RegionCode } from '../../core/region-code.ts';
import { BinaryCopyWriter } from '../../db/copy-binary.ts';
import type { Database, Tx } from '../../db/types.ts';
import { type Actor, actorId } from '../access/actor.ts';
import { requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { authorOf } from '../households/common.ts';
import type { Source } from '../households/schema.ts';
import { addVillageCounts, recountVillages } from '../stats/service.ts';
import {
  type FileFormat,
  formatOf,
  type ImportRecord,
  inspectFile,
  type RecordBatch,
  readRecords,
} from './readers.ts';
import * as repo from './repository.ts';
import { type CleanRow, compileValidator, type RowResult } from './validate.ts';

export type ImportProgress = {
  phase: 'reading' | 'checking' | 'merging' | 'done' | 'failed';
  rows: number;
  bytes: number;
  totalBytes: number;
};

export type ImportReport = {
  loadId: string;
  fileName: string;
  rows: number;
  ok: number;
  failed: number;
  /** The first errors, by row number. */
  errors: repo.ImportError[];
  errorsTruncated: boolean;
  counts: repo.MergeCounts;
  seconds: number;
};

/** Errors kept for the report (the counts are always complete). */
export const MAX_REPORTED_ERRORS = 1000;
/** Rows per COPY into the staging table. */
const CHUNK = 20_000;
const WORK_MEM = '128MB';

/**
 * Validated rows in the binary COPY format of `imp_in` (columns in `repo.STAGE_COLUMNS` order), ID
 * numbers encrypted and blind-indexed on the way: typed fields, nothing for the database to parse.
 */
function writeStage(w: BinaryCopyWriter, rows: readonly CleanRow[], keys: RegistryKeys): void {
  const ciphers = encryptIds(
    keys,
    rows.map((r) => r.idNumber),
  );
  const opt = (v: string | null) => (v === null ? w.null() : w.text(v));
  const code = (v: string | null) => (v === null ? w.null() : w.ascii(v));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    w.row(STAGE_FIELDS).int4(r.rowNo).text(r.householdNo).ascii(r.regionCode);
    code(r.residence);
    opt(r.address);
    w.bytea(ciphers[i]!).bytea(blindIndex(keys, r.idNumber)).ascii(maskIdNumber(r.idNumber));
    w.text(r.name).ascii(r.sex).date(r.birthDate).ascii(r.relation).int8(r.incomeFen).ascii(r.labor);
    if (r.disabilityGrade === null) w.null();
    else w.int2(r.disabilityGrade);
    code(r.disabilityType);
    w.bool(r.seriousIllness);
    code(r.studentStage);
    w.bool(r.employed);
    code(r.careLevel);
    w.ascii(r.supporter);
    code(r.category);
    if (r.categoryFrom === null) w.null();
    else w.date(r.categoryFrom);
  }
}

const STAGE_FIELDS = repo.STAGE_COLUMNS.length;

/**
 * Reads, validates and stages the file in the import's transaction: rows refused on their own are
 * counted (and the first `maxErrors` kept); the others are written to `imp_in` chunk by chunk, each
 * chunk loaded and resolved by the database while the next is being read.
 */
async function stageFile(
  tx: Tx,
  keys: RegistryKeys,
  path: string,
  opts: {
    format: FileFormat;
    plainCsv: boolean;
    maxErrors: number;
    progress: ImportProgress;
    report: (p: Partial<ImportProgress>) => void;
  },
): Promise<{ rows: number; failed: number; errors: repo.ImportError[] }> {
  const errors: repo.ImportError[] = [];
  let rows = 0;
  let failed = 0;
  let chunk: CleanRow[] = [];
  const writer = new BinaryCopyWriter(CHUNK * 300);
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (chunk.length === 0) return;
    writeStage(writer, chunk, keys);
    const data = writer.take();
    chunk = [];
    await inFlight;
    inFlight = repo.stageChunk(tx, data);
    inFlight.catch(() => {});
  };
  let validate: ((rec: ImportRecord) => RowResult) | null = null;
  let validateKeys: RecordBatch['keys'] | null = null;
  const { format, plainCsv, maxErrors, progress, report } = opts;
  const batches = readRecords(path, format, { plainCsv, onBytes: (bytes) => (progress.bytes = bytes) });
  try {
    for await (const batch of batches) {
      if (batch.keys !== validateKeys || !validate) {
        validateKeys = batch.keys;
        validate = compileValidator(batch.keys);
      }
      for (const rec of batch.records) {
        rows++;
        const r = validate(rec);
        if (r.ok) chunk.push(r.row);
        else {
          failed++;
          if (errors.length < maxErrors) errors.push({ row: r.rowNo, message: r.message });
        }
      }
      if (chunk.length >= CHUNK) {
        await flush();
        report({ rows });
      }
    }
    await flush();
  } finally {
    // Nothing may reach the connection once the transaction has ended, even after a failure.
    await inFlight.catch(() => {});
  }
  await inFlight;
  return { rows, failed, errors };
}

export type ImportOptions = {
  /** Shown name of the file (uploads are stored under a temporary name). */
  fileName?: string;
  source?: Exclude<Source, 'demo'>;
  onProgress?: (p: ImportProgress) => void;
  /** Called once the load has its id (before reading), e.g. to answer an upload at once. */
  onStart?: (loadId: string) => void;
  /** Errors kept in the report (default MAX_REPORTED_ERRORS; the CLI asks for more). */
  maxErrors?: number;
};

export async function importRegistry(
  db: Database,
  keys: RegistryKeys,
  actor: Actor,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requirePermission(actor, 'registry.import');
  const started = performance.now();
  const fileName = opts.fileName ?? basename(path);
  const format = formatOf(fileName);
  const totalBytes = (await stat(path)).size;
  const facts = await inspectFile(path);
  const fingerprint = facts.sha256;
  const scope = scopeOf(actor);
  const maxErrors = opts.maxErrors ?? MAX_REPORTED_ERRORS;
  const progress: ImportProgress = { phase: 'reading', rows: 0, bytes: 0, totalBytes };
  const report = (p: Partial<ImportProgress>) => {
    Object.assign(progress, p);
    opts.onProgress?.({ ...progress });
  };

  const [load] = await db.query<{ id: string }>(
    `INSERT INTO registry_loads (kind, file_name, fingerprint, actor_name, region_code, status)
     VALUES ('import', $1, $2, $3, $4, 'running') RETURNING id`,
    [fileName, fingerprint, authorOf(actor), actor.kind === 'user' ? actor.regionCode : null],
  );
  const loadId = load!.id;
  opts.onStart?.(loadId);

  try {
    const result = await db.transaction(async (tx) => {
      // Bulk statements: sorts and hashes over the whole file stay in memory. The temporary tables
      // have no statistics: the planner's guesses would sort them for merge joins where hashing
      // is far cheaper, and call for JIT compilation, which costs more than it saves here.
      await tx.query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      await tx.query('SET LOCAL enable_mergejoin = off');
      if (db.kind === 'postgres') await tx.query('SET LOCAL jit = off');
      await repo.createImportTables(tx);

      const read = await stageFile(tx, keys, path, {
        format,
        plainCsv: facts.plainCsv,
        maxErrors,
        progress,
        report,
      });
      const rows = read.rows;
      report({ rows, bytes: totalBytes, phase: 'checking' });

      const today = shanghaiDate();
      const staged = await repo.checkStaged(tx, scope.lo, scope.hi);
      report({ phase: 'merging' });
      const merged = await repo.merge(tx, {
        actorId: actorId(actor),
        actorName: authorOf(actor),
        source: opts.source ?? 'registry_import',
        reason: `批量导入：${fileName}`,
        today,
      });
      if (merged.villages.length > 0) await recountVillages(tx, merged.villages);
      await addVillageCounts(tx, merged.added);
      const stagedErrors = staged.failed > 0 ? await repo.stagedErrors(tx, maxErrors) : [];
      const errors = [...read.errors, ...stagedErrors].sort((a, b) => a.row - b.row);
      const failed = read.failed + staged.failed;
      const summary = { ...merged.counts, fileName };
      await tx.query(
        `UPDATE registry_loads SET status = 'done', rows_total = $2, rows_ok = $3, rows_failed = $4, summary = $5,
           errors = $6, finished_at = now() WHERE id = $1`,
        [
          loadId,
          rows,
          staged.ok,
          failed,
          JSON.stringify(summary),
          JSON.stringify(errors.slice(0, MAX_REPORTED_ERRORS)),
        ],
      );
      await audit(tx, db.kind, actor, {
        action: 'registry.import',
        objectType: 'registry_load',
        objectId: loadId,
        regionCode: actor.kind === 'user' ? actor.regionCode : null,
        changes: { fileName, fingerprint, rows, ok: staged.ok, failed, ...merged.counts },
      });
      return { rows, counts: merged.counts, ok: staged.ok, failed, errors };
    });
    report({ phase: 'done' });
    return {
      loadId,
      fileName,
      rows: result.rows,
      ok: result.ok,
      failed: result.failed,
      errors: result.errors.slice(0, maxErrors),
      errorsTruncated: result.failed > maxErrors,
      counts: result.counts,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    report({ phase: 'failed' });
    const message = e instanceof AppError ? e.message : '导入失败';
    await db
      .query(`UPDATE registry_loads SET status = 'failed', summary = $2, finished_at = now() WHERE id = $1`, [
        loadId,
        JSON.stringify({ fileName, message }),
      ])
      .catch(() => {});
    throw e;
  }
}

export type LoadView = {
  id: string;
  kind: string;
  fileName: string | null;
  status: string;
  actorName: string;
  rowsTotal: number;
  rowsOk: number;
  rowsFailed: number;
  summary: unknown;
  errors: repo.ImportError[];
  startedAt: string;
  finishedAt: string | null;
};

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** A finished or failed import as stored, for someone in whose scope it was made. */
export async function storedImport(
  db: Database,
  actor: Actor,
  id: string,
): Promise<{
  progress: ImportProgress;
  report: ImportReport | null;
  error: { code: string; message: string } | null;
}> {
  requirePermission(actor, 'registry.import');
  const row = await repo.findImport(db, id);
  if (!row?.region_code) throw new AppError('NOT_FOUND', '没有这次导入');
  requireInScope(actor, row.region_code as RegionCode, {
    action: 'registry.import',
    objectType: 'registry_load',
    objectId: id,
  });
  const s = row.summary ?? {};
  const phase = row.status === 'done' ? 'done' : row.status === 'failed' ? 'failed' : 'merging';
  return {
    progress: { phase, rows: row.rows_total, bytes: 0, totalBytes: 0 },
    report:
      row.status === 'done'
        ? {
            loadId: row.id,
            fileName: row.file_name ?? '',
            rows: row.rows_total,
            ok: row.rows_ok,
            failed: row.rows_failed,
            errors: row.errors ?? [],
            errorsTruncated: row.rows_failed > (row.errors?.length ?? 0),
            counts: {
              householdsCreated: num(s.householdsCreated),
              householdsUpdated: num(s.householdsUpdated),
              personsCreated: num(s.personsCreated),
              personsUpdated: num(s.personsUpdated),
              personsMoved: num(s.personsMoved),
              categoriesAdded: num(s.categoriesAdded),
              categoriesEnded: num(s.categoriesEnded),
            },
            seconds: row.finished_at
              ? (new Date(row.finished_at).getTime() - new Date(row.started_at).getTime()) / 1000
              : 0,
          }
        : null,
    error:
      row.status === 'failed' ? { code: 'IMPORT_FAILED', message: String(s.message ?? '导入失败') } : null,
  };
}

export async function listImports(db: Database, actor: Actor) {
  requirePermission(actor, 'registry.import');
  const { lo, hi } = scopeOf(actor);
  const rows = await repo.recentImports(db, lo, hi, 50);
  return rows.map((r) => ({
    id: r.id,
    fileName: r.file_name,
    status: r.status,
    actorName: r.actor_name,
    rowsTotal: r.rows_total,
    rowsOk: r.rows_ok,
    rowsFailed: r.rows_failed,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  }));
}
