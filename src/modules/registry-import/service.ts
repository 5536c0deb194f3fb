/**
 * Registry import: a county's existing roster from CSV or XLSX into the database. Rows stream from
 * the file, are validated one by one (Chinese messages with row numbers), encrypted and COPYed into a
 * staging table; checks that need the database run set-wise; the valid rows are merged in one
 * transaction (households by 户编号, people by ID-number blind index) and the bad ones reported.
 * Importing the same file twice changes nothing the second time.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { blindIndexHex, byteaHex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import type { RegionCode } from '../../core/region-code.ts';
import { csvRow } from '../../db/csv.ts';
import type { Database } from '../../db/types.ts';
import { type Actor, actorId } from '../access/actor.ts';
import { requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { authorOf } from '../households/common.ts';
import type { Source } from '../households/schema.ts';
import { recountVillages } from '../stats/service.ts';
import { formatOf, readRows } from './readers.ts';
import * as repo from './repository.ts';
import { type CleanRow, validateRow } from './validate.ts';

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
const CHUNK = 5000;

const STAGE_COLUMNS = [
  'load_id',
  'row_no',
  'household_no',
  'region_code',
  'residence',
  'address',
  'id_cipher',
  'id_index',
  'id_mask',
  'name',
  'sex',
  'birth_date',
  'relation',
  'monthly_income_fen',
  'labor_capacity',
  'disability_grade',
  'disability_type',
  'serious_illness',
  'student_stage',
  'employed',
  'care_level',
  'supporter',
  'category',
  'category_from',
];

function stageCsv(loadId: string, rows: readonly CleanRow[], keys: RegistryKeys): string {
  const ciphers = encryptIds(
    keys,
    rows.map((r) => r.idNumber),
  );
  let out = '';
  rows.forEach((r, i) => {
    out += csvRow([
      loadId,
      r.rowNo,
      r.householdNo,
      r.regionCode,
      r.residence,
      r.address,
      byteaHex(ciphers[i]!),
      `\\x${blindIndexHex(keys, r.idNumber)}`,
      maskIdNumber(r.idNumber),
      r.name,
      r.sex,
      r.birthDate,
      r.relation,
      r.incomeFen,
      r.labor,
      r.disabilityGrade,
      r.disabilityType,
      r.seriousIllness ? 't' : 'f',
      r.studentStage,
      r.employed ? 't' : 'f',
      r.careLevel,
      r.supporter,
      r.category,
      r.categoryFrom,
    ]);
  });
  return out;
}

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
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
  const fingerprint = await sha256(path);
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

  const readErrors: repo.ImportError[] = [];
  let readFailed = 0;
  let rows = 0;
  try {
    let chunk: CleanRow[] = [];
    // One chunk is written while the next is read and validated.
    let inFlight: Promise<unknown> = Promise.resolve();
    const flush = async () => {
      if (chunk.length === 0) return;
      const csv = stageCsv(loadId, chunk, keys);
      chunk = [];
      await inFlight;
      inFlight = db.copyFrom('registry_import_stage', STAGE_COLUMNS, csv);
      inFlight.catch(() => {});
    };
    for await (const raw of readRows(path, format, (bytes) => (progress.bytes = bytes))) {
      rows++;
      const r = validateRow(raw);
      if (r.ok) chunk.push(r.row);
      else {
        readFailed++;
        if (readErrors.length < maxErrors) readErrors.push({ row: r.rowNo, message: r.message });
      }
      if (chunk.length >= CHUNK) {
        await flush();
        report({ rows });
      }
    }
    await flush();
    await inFlight;
    report({ rows, bytes: totalBytes, phase: 'checking' });

    const today = shanghaiDate();
    const result = await db.transaction(async (tx) => {
      await repo.checkStaged(tx, loadId, scope.lo, scope.hi);
      report({ phase: 'merging' });
      const merged = await repo.merge(tx, loadId, {
        actorId: actorId(actor),
        actorName: authorOf(actor),
        source: opts.source ?? 'registry_import',
        reason: `批量导入：${fileName}`,
        today,
      });
      if (merged.villages.length > 0) await recountVillages(tx, merged.villages);
      const staged = await repo.stagedCounts(tx, loadId);
      const stagedErrors = await repo.stagedErrors(tx, loadId, maxErrors);
      const errors = [...readErrors, ...stagedErrors].sort((a, b) => a.row - b.row);
      const failed = readFailed + staged.failed;
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
      await repo.clearStage(tx, loadId);
      return { counts: merged.counts, ok: staged.ok, failed, errors };
    });
    report({ phase: 'done' });
    return {
      loadId,
      fileName,
      rows,
      ok: result.ok,
      failed: result.failed,
      errors: result.errors.slice(0, maxErrors),
      errorsTruncated: result.failed > maxErrors,
      counts: result.counts,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    report({ phase: 'failed' });
    await repo.clearStage(db, loadId).catch(() => {});
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
