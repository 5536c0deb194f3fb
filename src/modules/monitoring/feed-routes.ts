/**
 * HTTP routes of department feeds: the feed types, their columns and download templates, staff upload
 * (multipart, in the background, progress from the batch), load reports with row errors, the push API
 * for department systems (`X-API-Key`), and the admin's API keys.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { TEMPLATE_FORMATS } from '../../db/template-file.ts';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { can, requirePermission } from '../access/index.ts';
import {
  authenticateApiKey,
  createApiKey,
  keyActor,
  listApiKeys,
  newKeySchema,
  revokeApiKey,
} from './api-keys.ts';
import type { BatchRow } from './batch-repo.ts';
import { batchErrors, getBatch, listBatches } from './batches.ts';
import {
  apiKeySchema,
  batchSchema,
  feedTypeSchema,
  presentApiKey,
  presentBatch,
  presentFeedTypes,
  presentRun,
  runSchema,
} from './feed-presenter.ts';
import { FEED_TYPES, type FeedType } from './feeds/feed-types.ts';
import { feedTemplateFile } from './feeds/template.ts';
import { importFeed } from './import.ts';

const TAG = ['部门数据比对'];
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Rows per push request; larger sets are sent in several requests (each is one batch). */
export const MAX_PUSH_ROWS = 10_000;
const feedType = z.enum(FEED_TYPES as [FeedType, ...FeedType[]], { message: '数据类型无效' });
const id = z.coerce.number().int().positive();

const resultSchema = z.object({
  batch: batchSchema,
  errors: z.array(z.string()),
  run: runSchema.pick({ id: true, status: true, warningsRaised: true, householdsDone: true }).nullable(),
});

export const feedRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });

    app.get(
      '/api/feeds/types',
      {
        schema: {
          tags: TAG,
          summary: '13 类部门数据的列（中英文表头、类型、是否必填、取值）',
          response: { 200: z.object({ items: z.array(feedTypeSchema) }) },
        },
      },
      async (req) => {
        const a = actor(req);
        requirePermission(a, can(a, 'feeds.import') ? 'feeds.import' : 'feeds.read');
        return { items: presentFeedTypes() };
      },
    );

    app.get(
      '/api/feeds/types/:feedType/template',
      {
        schema: {
          tags: TAG,
          summary:
            '下载一类部门数据的导入模板：中文表头（* 为必填列）和一行可通过校验的示例；xlsx 另含填写说明，csv 带 BOM',
          params: z.object({ feedType }),
          querystring: z.object({ format: z.enum(TEMPLATE_FORMATS).default('xlsx') }),
        },
      },
      async (req, reply) => {
        const a = actor(req);
        requirePermission(a, can(a, 'feeds.import') ? 'feeds.import' : 'feeds.read');
        const file = await feedTemplateFile(req.params.feedType, req.query.format);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', file.contentDisposition)
          .send(file.body);
      },
    );

    app.post(
      '/api/feeds/:feedType/upload',
      {
        schema: {
          tags: TAG,
          summary:
            '上传部门数据文件（multipart 字段 file，CSV 或 XLSX）。默认后台导入并立即返回批次（202，轮询批次查看进度）；wait=true 时等待导入与增量监测完成（201）',
          params: z.object({ feedType }),
          querystring: z.object({ wait: z.enum(['true', 'false']).default('false') }),
          response: { 201: resultSchema, 202: z.object({ batch: batchSchema }) },
        },
      },
      async (req, reply) => {
        const who = actor(req);
        requirePermission(who, 'feeds.import');
        const file = await req.file();
        if (!file) throw new AppError('VALIDATION_FAILED', '请选择要导入的文件');
        const dir = join(ctx.config.DOUDI_DATA_DIR ?? tmpdir(), 'uploads');
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const ext = extname(file.filename).toLowerCase() === '.xlsx' ? '.xlsx' : '.csv';
        const path = join(dir, `${randomUUID()}-feed${ext}`);
        await pipeline(file.file, createWriteStream(path, { mode: 0o600 }));
        if (file.file.truncated) {
          await rm(path, { force: true });
          throw new AppError(
            'VALIDATION_FAILED',
            `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请分批上传或使用命令行导入`,
          );
        }
        let announce!: (b: BatchRow | null) => void;
        const created = new Promise<BatchRow | null>((resolve) => (announce = resolve));
        const job = importFeed(
          ctx.db,
          ctx,
          who,
          req.params.feedType,
          { kind: 'file', path, fileName: file.filename },
          {
            onBatch: (b) => announce(b),
          },
        ).finally(() => rm(path, { force: true }));
        if (req.query.wait === 'true') {
          const r = await job;
          return reply.status(201).send({
            batch: presentBatch(r.batch),
            errors: r.errors,
            run: r.run
              ? {
                  id: r.run.id,
                  status: r.run.status,
                  warningsRaised: r.run.warningsRaised,
                  householdsDone: r.run.householdsDone,
                }
              : null,
          });
        }
        job.catch((e: unknown) => {
          announce(null);
          if (!(e instanceof AppError)) req.log.error({ err: e }, 'feed import failed');
        });
        const batch = await created;
        if (!batch) await job; // failed before the batch existed: answer that error
        return reply.status(202).send({ batch: presentBatch(batch!) });
      },
    );

    app.get(
      '/api/feeds/batches',
      {
        schema: {
          tags: TAG,
          summary: '部门数据导入批次（本辖区）',
          querystring: z.object({
            feedType: feedType.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: {
            200: z.object({
              items: z.array(batchSchema),
              total: z.number(),
              limit: z.number(),
              offset: z.number(),
            }),
          },
        },
      },
      async (req) => {
        const r = await listBatches(ctx.db, actor(req), req.query);
        return {
          items: r.rows.map(presentBatch),
          total: r.total,
          limit: req.query.limit,
          offset: req.query.offset,
        };
      },
    );

    app.get(
      '/api/feeds/batches/:batchId',
      {
        schema: {
          tags: TAG,
          summary: '一个批次的进度与结果（导入中时用于进度条）',
          params: z.object({ batchId: id }),
          response: { 200: z.object({ batch: batchSchema, run: runSchema.nullable() }) },
        },
      },
      async (req) => {
        const r = await getBatch(ctx.db, actor(req), req.params.batchId);
        return { batch: presentBatch(r.batch), run: r.run ? presentRun(r.run) : null };
      },
    );

    app.get(
      '/api/feeds/batches/:batchId/errors',
      {
        schema: {
          tags: TAG,
          summary: '批次的逐行错误（中文，含行号）',
          params: z.object({ batchId: id }),
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(1000).default(200),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: {
            200: z.object({
              items: z.array(z.object({ rowNumber: z.number(), message: z.string() })),
              total: z.number(),
              rejected: z.number(),
            }),
          },
        },
      },
      async (req) => {
        const r = await batchErrors(ctx.db, actor(req), req.params.batchId, req.query);
        return {
          items: r.rows.map((e) => ({ rowNumber: e.row_number, message: e.message })),
          total: r.total,
          rejected: r.rejected,
        };
      },
    );

    app.post(
      '/api/feeds/push/:feedType',
      {
        schema: {
          tags: TAG,
          summary: `部门系统推送数据（请求头 X-API-Key；每次最多 ${MAX_PUSH_ROWS} 行，键为列名或中英文表头），与文件导入相同的校验与去重`,
          params: z.object({ feedType }),
          body: z.object({ rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_PUSH_ROWS) }),
          response: { 200: resultSchema },
        },
        config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      },
      async (req) => {
        const header = req.headers['x-api-key'];
        const key = await authenticateApiKey(
          ctx.db,
          Array.isArray(header) ? header[0] : header,
          req.params.feedType,
        );
        const r = await importFeed(
          ctx.db,
          ctx,
          keyActor(key),
          req.params.feedType,
          { kind: 'rows', rows: req.body.rows },
          {
            batchSource: 'push',
            department: key.department,
            apiKeyId: key.id,
            regionCode: key.region_code,
          },
        );
        return {
          batch: presentBatch(r.batch),
          errors: r.errors,
          run: r.run
            ? {
                id: r.run.id,
                status: r.run.status,
                warningsRaised: r.run.warningsRaised,
                householdsDone: r.run.householdsDone,
              }
            : null,
        };
      },
    );

    app.get(
      '/api/feeds/keys',
      {
        schema: {
          tags: TAG,
          summary: '部门系统的 API 密钥（只显示前缀）',
          response: { 200: z.object({ items: z.array(apiKeySchema) }) },
        },
      },
      async (req) => ({ items: (await listApiKeys(ctx.db, actor(req))).map(presentApiKey) }),
    );

    app.post(
      '/api/feeds/keys',
      {
        schema: {
          tags: TAG,
          summary: '为部门系统创建 API 密钥（密钥只显示这一次，请妥善转交）',
          body: newKeySchema,
          response: { 201: z.object({ key: z.string(), apiKey: apiKeySchema }) },
        },
      },
      async (req, reply) => {
        const r = await createApiKey(ctx.db, actor(req), req.body);
        return reply.status(201).send({ key: r.key, apiKey: presentApiKey(r.record) });
      },
    );

    app.delete(
      '/api/feeds/keys/:keyId',
      {
        schema: {
          tags: TAG,
          summary: '吊销 API 密钥（立即失效）',
          params: z.object({ keyId: id }),
          response: { 200: z.object({ apiKey: apiKeySchema }) },
        },
      },
      async (req) => ({ apiKey: presentApiKey(await revokeApiKey(ctx.db, actor(req), req.params.keyId)) }),
    );
  };
