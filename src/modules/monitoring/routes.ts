/**
 * HTTP routes of 动态监测预警: the warning board and lists, a warning's detail, home visits and
 * handling, verification tasks, proactive-discovery leads and monitoring runs. Feeds (upload, push,
 * batches, API keys) are in feed-routes.ts; `monitoringRoutes` registers both.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shanghaiDate } from '../../core/dates.ts';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { presentRun, runSchema } from './feed-presenter.ts';
import { feedRoutes } from './feed-routes.ts';
import { handleSchema, handleWarning } from './handle.ts';
import {
  leadQuerySchema,
  leadUpdateSchema,
  listLeads,
  revealLeadId,
  revealSchema,
  updateLead,
} from './leads.ts';
import {
  boardSchema,
  leadSchema,
  presentBoard,
  presentLead,
  presentTaskItem,
  presentWarning,
  presentWarningDetail,
  taskItemSchema,
  warningDetailSchema,
  warningItemSchema,
} from './presenter.ts';
import { getRun, listRuns, startFullRun } from './run-service.ts';
import './timeline.ts';
import { recordVisit, visitSchema } from './verify.ts';
import {
  board,
  boardQuerySchema,
  getWarning,
  householdWarnings,
  listQuerySchema,
  listTasks,
  listWarnings,
  taskQuerySchema,
} from './warnings.ts';

const TAG = ['动态监测预警'];
const id = z.coerce.number().int().positive();
const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), limit: z.number(), offset: z.number() });

export const monitoringRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(feedRoutes(ctx));

    app.get(
      '/api/monitoring/board',
      {
        schema: {
          tags: TAG,
          summary: '预警看板：本级合计、按类型、按下级行政区划（可逐级下钻）的预警数量',
          querystring: boardQuerySchema,
          response: { 200: boardSchema },
        },
      },
      async (req) => presentBoard(await board(ctx.db, actor(req), req.query)),
    );

    app.get(
      '/api/monitoring/warnings',
      {
        schema: {
          tags: TAG,
          summary: '预警列表（按区划、类型、等级、状态、是否逾期或已上报筛选），紧急的在前',
          querystring: listQuerySchema,
          response: { 200: page(warningItemSchema) },
        },
      },
      async (req) => {
        const a = actor(req);
        const r = await listWarnings(ctx.db, a, req.query);
        const today = shanghaiDate();
        return {
          items: r.items.map((it) => presentWarning(a, it, today)),
          total: r.total,
          limit: req.query.limit,
          offset: req.query.offset,
        };
      },
    );

    app.get(
      '/api/monitoring/warnings/:warningId',
      {
        schema: {
          tags: TAG,
          summary: '预警详情：证据（部门数据行）、核查任务、入户核查记录、处置结果',
          params: z.object({ warningId: id }),
          response: { 200: warningDetailSchema },
        },
      },
      async (req) => {
        const a = actor(req);
        return presentWarningDetail(a, await getWarning(ctx.db, a, req.params.warningId), shanghaiDate());
      },
    );

    app.post(
      '/api/monitoring/warnings/:warningId/visits',
      {
        schema: {
          tags: TAG,
          summary: '登记入户核查：属实 → 已核实待处置；不属实 → 关闭；需再次核查 → 核查中',
          params: z.object({ warningId: id }),
          body: visitSchema,
          response: { 200: warningDetailSchema },
        },
      },
      async (req) => {
        const a = actor(req);
        return presentWarningDetail(
          a,
          await recordVisit(ctx.db, a, req.params.warningId, req.body),
          shanghaiDate(),
        );
      },
    );

    app.post(
      '/api/monitoring/warnings/:warningId/handling',
      {
        schema: {
          tags: TAG,
          summary: '分类处置已核实的预警（落实政策、告知并启动申请、核实后终止、一事一议、无需处置）',
          params: z.object({ warningId: id }),
          body: handleSchema,
          response: { 200: warningDetailSchema },
        },
      },
      async (req) => {
        const a = actor(req);
        return presentWarningDetail(
          a,
          await handleWarning(ctx.db, a, req.params.warningId, req.body),
          shanghaiDate(),
        );
      },
    );

    app.get(
      '/api/monitoring/households/:householdId/warnings',
      {
        schema: {
          tags: TAG,
          summary: '家庭的预警记录（新的在前）',
          params: z.object({ householdId: id }),
          response: { 200: z.object({ items: z.array(warningItemSchema) }) },
        },
      },
      async (req) => {
        const a = actor(req);
        const items = await householdWarnings(ctx.db, a, req.params.householdId);
        const today = shanghaiDate();
        return { items: items.map((it) => presentWarning(a, it, today)) };
      },
    );

    app.get(
      '/api/monitoring/tasks',
      {
        schema: {
          tags: TAG,
          summary: '核查任务（村协理员看本村，乡镇看本乡镇）：待核查的在前，按期限排序',
          querystring: taskQuerySchema,
          response: { 200: page(taskItemSchema) },
        },
      },
      async (req) => {
        const a = actor(req);
        const r = await listTasks(ctx.db, a, req.query);
        const today = shanghaiDate();
        return {
          items: r.items.map((it) => presentTaskItem(a, it, today)),
          total: r.total,
          limit: req.query.limit,
          offset: req.query.offset,
        };
      },
    );

    app.get(
      '/api/monitoring/leads',
      {
        schema: {
          tags: TAG,
          summary: '主动发现线索：部门数据中不在库内的困难人员（按所属区划列出）',
          querystring: leadQuerySchema,
          response: { 200: page(leadSchema) },
        },
      },
      async (req) => {
        const a = actor(req);
        const r = await listLeads(ctx.db, a, req.query);
        return {
          items: r.rows.map((l) => presentLead(a, l, r.regionNames)),
          total: r.total,
          limit: req.query.limit,
          offset: req.query.offset,
        };
      },
    );

    app.patch(
      '/api/monitoring/leads/:leadId',
      {
        schema: {
          tags: TAG,
          summary: '更新线索：跟进状态、备注，或转交下级乡镇/村（regionCode）',
          params: z.object({ leadId: id }),
          body: leadUpdateSchema,
          response: { 200: leadSchema },
        },
      },
      async (req) => {
        const a = actor(req);
        const l = await updateLead(ctx.db, a, req.params.leadId, req.body);
        const names = l.region_code
          ? new Map(
              (
                await ctx.db.query<{ code: string; name: string }>(
                  'SELECT code, name FROM regions WHERE code = $1',
                  [l.region_code],
                )
              ).map((r) => [r.code, r.name]),
            )
          : new Map<string, string>();
        return presentLead(a, l, names);
      },
    );

    app.post(
      '/api/monitoring/leads/:leadId/reveal-id',
      {
        schema: {
          tags: TAG,
          summary: '查看线索人员的完整身份证号码（须有权限并填写理由，记入审计）',
          params: z.object({ leadId: id }),
          body: revealSchema,
          response: { 200: z.object({ idNumber: z.string() }) },
        },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (req) => revealLeadId(ctx.db, ctx.keys, actor(req), req.params.leadId, req.body.reason),
    );

    app.get(
      '/api/monitoring/runs',
      {
        schema: {
          tags: TAG,
          summary: '监测运行记录（全量与增量）',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(20),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: page(runSchema) },
        },
      },
      async (req) => {
        const r = await listRuns(ctx.db, actor(req), req.query);
        return {
          items: r.rows.map(presentRun),
          total: r.total,
          limit: req.query.limit,
          offset: req.query.offset,
        };
      },
    );

    app.post(
      '/api/monitoring/runs',
      {
        schema: {
          tags: TAG,
          summary: '启动全量监测运行（后台执行；先续跑未完成的运行）',
          body: z.object({ kind: z.literal('full') }),
          response: { 202: z.object({ run: runSchema }) },
        },
      },
      async (req, reply) => {
        const run = await startFullRun(ctx.db, ctx, actor(req), (e) =>
          req.log.error({ err: e }, 'monitoring run failed'),
        );
        return reply.status(202).send({ run: presentRun(run) });
      },
    );

    app.get(
      '/api/monitoring/runs/:runId',
      {
        schema: {
          tags: TAG,
          summary: '一次监测运行的进度与结果',
          params: z.object({ runId: id }),
          response: { 200: runSchema },
        },
      },
      async (req) => presentRun(await getRun(ctx.db, actor(req), req.params.runId)),
    );
  };
