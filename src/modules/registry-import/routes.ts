/**
 * Registry import over HTTP: the template, an upload (multipart) that runs the import in the
 * background and answers its id (or waits and answers the report with `?wait=true`), and the
 * progress / report of an import for the web's progress bar.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.ts';
import { TEMPLATE_FORMATS } from '../../db/template-file.ts';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { actorId } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { SOURCES } from '../households/schema.ts';
import { getJob, type Job, putJob } from './jobs.ts';
import { formatOf } from './readers.ts';
import {
  type ImportProgress,
  type ImportReport,
  importRegistry,
  listImports,
  storedImport,
} from './service.ts';
import { registryTemplateFile } from './template-file.ts';

const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const TAG = ['低收入人口数据库'];

const countsSchema = z.object({
  householdsCreated: z.number(),
  householdsUpdated: z.number(),
  personsCreated: z.number(),
  personsUpdated: z.number(),
  personsMoved: z.number(),
  categoriesAdded: z.number(),
  categoriesEnded: z.number(),
});
export const reportSchema = z.object({
  loadId: z.string(),
  fileName: z.string(),
  rows: z.number(),
  ok: z.number(),
  failed: z.number(),
  errors: z.array(z.object({ row: z.number(), message: z.string() })),
  errorsTruncated: z.boolean(),
  counts: countsSchema,
  seconds: z.number(),
});
const progressSchema = z.object({
  phase: z.enum(['reading', 'checking', 'merging', 'done', 'failed']),
  rows: z.number(),
  bytes: z.number(),
  totalBytes: z.number(),
});
const jobSchema = z.object({
  id: z.string(),
  progress: progressSchema,
  report: reportSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const presentJob = (j: Job) => ({ id: j.id, progress: j.progress, report: j.report, error: j.error });

export const importRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });

    app.get(
      '/api/registry/template',
      {
        schema: {
          tags: TAG,
          summary: '下载批量导入模板（xlsx 含填写说明，或 csv）',
          querystring: z.object({ format: z.enum(TEMPLATE_FORMATS).default('xlsx') }),
        },
      },
      async (req, reply) => {
        requirePermission(actor(req), 'registry.import');
        const file = await registryTemplateFile(req.query.format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', file.contentDisposition)
          .send(file.body);
      },
    );

    app.post(
      '/api/registry/imports',
      {
        schema: {
          tags: TAG,
          summary: '上传花名册（multipart 字段 file，.csv 或 .xlsx）并导入；wait=true 时等待完成并返回结果',
          querystring: z.object({
            wait: z.enum(['true', 'false']).default('false'),
            source: z.enum(SOURCES.filter((s) => s !== 'demo') as [string, ...string[]]).optional(),
          }),
          response: { 200: jobSchema, 202: jobSchema },
        },
      },
      async (req, reply) => {
        const who = actor(req);
        requirePermission(who, 'registry.import');
        const file = await req.file();
        if (!file) throw new AppError('VALIDATION_FAILED', '请选择要导入的文件');
        formatOf(file.filename);
        // Uploads hold personal data: next to the database when there is a data directory.
        const dir = existsSync(ctx.config.DOUDI_DATA_DIR)
          ? join(ctx.config.DOUDI_DATA_DIR, 'uploads')
          : join(tmpdir(), 'doudi-uploads');
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const path = join(
          dir,
          `${randomUUID()}-${file.filename.endsWith('.xlsx') ? 'upload.xlsx' : 'upload.csv'}`,
        );
        await pipeline(file.file, createWriteStream(path, { mode: 0o600 }));
        if (file.file.truncated) {
          await rm(path, { force: true });
          throw new AppError(
            'VALIDATION_FAILED',
            `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请分批导入或使用命令行导入`,
          );
        }
        let started!: (id: string) => void;
        const idReady = new Promise<string>((resolve) => (started = resolve));
        const progress: ImportProgress = { phase: 'reading', rows: 0, bytes: 0, totalBytes: 0 };
        const job: Job = {
          id: '',
          userId: actorId(who),
          progress,
          report: null,
          error: null,
          done: Promise.resolve(),
        };
        const run = importRegistry(ctx.db, ctx.keys, who, path, {
          fileName: file.filename,
          ...(req.query.source ? { source: req.query.source as 'registry_import' } : {}),
          onStart: (id) => started(id),
          onProgress: (p) => Object.assign(job.progress, p),
        })
          .then((r: ImportReport) => {
            job.report = r;
          })
          .catch((e: unknown) => {
            job.error = isAppError(e)
              ? { code: e.code, message: e.message }
              : { code: 'INTERNAL', message: '导入失败，请联系管理员' };
            if (!isAppError(e)) req.log.error({ err: e }, 'registry import failed');
            started('');
          })
          .finally(() => rm(path, { force: true }));
        job.done = run;
        job.id = await idReady;
        if (!job.id) {
          // Failed before it had an id (e.g. an unreadable file): answer the error now.
          await run;
          throw new AppError((job.error?.code as 'VALIDATION_FAILED') ?? 'INTERNAL', job.error?.message);
        }
        putJob(job);
        if (req.query.wait === 'true') {
          await run;
          return reply.status(200).send(presentJob(job));
        }
        return reply.status(202).send(presentJob(job));
      },
    );

    app.get(
      '/api/registry/imports/:loadId',
      {
        schema: {
          tags: TAG,
          summary: '导入进度与结果',
          params: z.object({ loadId: z.string().uuid() }),
          response: { 200: jobSchema },
        },
      },
      async (req) => {
        const who = actor(req);
        requirePermission(who, 'registry.import');
        const job = getJob(req.params.loadId);
        if (job && (job.userId === actorId(who) || who.kind === 'system')) return presentJob(job);
        return { id: req.params.loadId, ...(await storedImport(ctx.db, who, req.params.loadId)) };
      },
    );

    app.get(
      '/api/registry/imports',
      {
        schema: {
          tags: TAG,
          summary: '本辖区最近的导入记录',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.string(),
                  fileName: z.string().nullable(),
                  status: z.string(),
                  actorName: z.string(),
                  rowsTotal: z.number(),
                  rowsOk: z.number(),
                  rowsFailed: z.number(),
                  startedAt: z.string(),
                  finishedAt: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const who = actor(req);
        return { items: await listImports(ctx.db, who) };
      },
    );
  };
