import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { householdInputSchema } from '../../policy/engine.ts';
import { actor, requestMeta } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import {
  comparisonSchema,
  packDetailSchema,
  packSummarySchema,
  presentComparison,
  presentDetail,
  presentPublished,
  presentSummary,
  presentWhatIf,
  publishedSchema,
  whatIfSchema,
} from './presenter.ts';
import { publishPolicy } from './publish.ts';
import { comparePolicies, getPolicy, listPolicies, policySummary, resolvePolicy } from './service.ts';
import { whatIf } from './what-if.ts';

const TAG = '政策参数';
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 格式的日期');

export const policyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/policies',
      {
        schema: {
          tags: [TAG],
          summary: '全部政策参数包及其版本（随产品提供的和已发布的）',
          response: { 200: z.object({ items: z.array(packSummarySchema) }) },
        },
      },
      async (req) => ({ items: (await listPolicies(ctx.db, actor(req))).map(presentSummary) }),
    );

    app.get(
      '/api/policies/resolve',
      {
        schema: {
          tags: [TAG],
          summary: '某地区在某日适用的政策参数包',
          querystring: z.object({
            region: z.string().regex(/^\d{2,12}$/, '应为行政区划代码'),
            date: isoDate.optional(),
          }),
          response: { 200: z.object({ date: z.string(), pack: packSummarySchema }) },
        },
      },
      async (req) => {
        const r = await resolvePolicy(ctx.db, actor(req), req.query.region, req.query.date);
        return { date: r.date, pack: presentSummary(r.pack) };
      },
    );

    app.get(
      '/api/policies/diff',
      {
        schema: {
          tags: [TAG],
          summary: '比较两个参数包（两个地区或两个版本）的各项参数',
          querystring: z.object({
            a: z.string().min(2).max(80).describe('参数包标识，可带 @版本号，如 jilin-2024@1'),
            b: z.string().min(2).max(80).describe('参数包标识，可带 @版本号'),
          }),
          response: { 200: comparisonSchema },
        },
      },
      async (req) => presentComparison(await comparePolicies(ctx.db, actor(req), req.query.a, req.query.b)),
    );

    app.get(
      '/api/policies/:packId/versions/:version',
      {
        schema: {
          tags: [TAG],
          summary: '一个参数包版本：继承合并后的各项参数、来源和原文',
          params: z.object({
            packId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '参数包标识无效'),
            version: z.coerce.number().int().min(1).max(999_999),
          }),
          response: { 200: packDetailSchema },
        },
      },
      async (req) =>
        presentDetail(await getPolicy(ctx.db, actor(req), req.params.packId, req.params.version)),
    );

    app.post(
      '/api/policies',
      {
        schema: {
          tags: [TAG],
          summary: '发布参数包新版本（县级及以上民政管理员，仅限本辖区；版本号自动取下一个）',
          body: z.object({
            text: z.string().min(1, '请填写参数包内容').max(200_000, '参数包内容过长'),
            reason: z.string().trim().min(1, '请填写发布理由').max(500, '发布理由最多500字'),
          }),
          response: { 201: publishedSchema },
        },
      },
      async (req, reply) => {
        const who = actor(req);
        const published = await publishPolicy(ctx.db, who, req.body, requestMeta(req));
        const { id, version } = published.entry.pack;
        const summary = await policySummary(ctx.db, who, id, version);
        return reply.status(201).send(presentPublished(published, summary));
      },
    );

    app.post(
      '/api/assess/what-if',
      {
        schema: {
          tags: ['认定试算'],
          summary: '认定试算：按家庭所在地区适用的参数包试算类别、金额和理由（不保存、不记录内容）',
          // Documented as SPEC A.2; validated by the engine's own checks (Chinese, per member and field).
          body: householdInputSchema,
          response: { 200: whatIfSchema },
        },
        validatorCompiler: () => (data: unknown) => ({ value: data }),
      },
      async (req) => presentWhatIf(await whatIf(ctx.db, actor(req), req.body as unknown)),
    );
  };
