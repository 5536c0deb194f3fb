/**
 * HTTP routes of the low-income population database: search, the household page, corrections with a
 * reason, moving a member, recording a death, ending categories (exit), and the audited reveal of a
 * full ID number.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { editHousehold, editSchema } from './edit.ts';
import { endCategories, endCategoriesSchema } from './end-category.ts';
import { exportSearch } from './export.ts';
import { deathSchema, moveMember, moveSchema, recordDeath } from './members.ts';
import { getHouseholdPage } from './page.ts';
import {
  householdPageSchema,
  presentHouseholdPage,
  presentSearch,
  searchResponseSchema,
} from './presenter.ts';
import { revealIdNumber, revealSchema } from './reveal.ts';
import { search, searchSchema } from './search.ts';

const householdParams = z.object({ householdId: z.coerce.number().int().positive() });
const memberParams = householdParams.extend({ personId: z.coerce.number().int().positive() });
const TAG = ['低收入人口数据库'];

export const householdRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/registry/search',
      {
        schema: {
          tags: TAG,
          summary: '检索（身份证号、姓名、户编号、行政区划、救助类别），仅限本辖区',
          querystring: searchSchema,
          response: { 200: searchResponseSchema },
        },
      },
      async (req) =>
        presentSearch(actor(req), await search(ctx.db, ctx.keys, actor(req), req.query), req.query),
    );

    app.get(
      '/api/registry/export',
      {
        schema: {
          tags: TAG,
          summary: '导出检索结果为 Excel（按角色脱敏）',
          querystring: searchSchema.omit({ limit: true, offset: true }),
        },
      },
      async (req, reply) => {
        const stream = await exportSearch(ctx.db, ctx.keys, actor(req), {
          ...req.query,
          limit: 200,
          offset: 0,
        });
        const name = encodeURIComponent(`低收入人口检索结果-${new Date().toISOString().slice(0, 10)}.xlsx`);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${name}`)
          .send(stream);
      },
    );

    app.get(
      '/api/households/:householdId',
      {
        schema: {
          tags: TAG,
          summary: '家庭详情：成员、救助类别及历史、监测状态、信息来源、时间线',
          params: householdParams,
          response: { 200: householdPageSchema },
        },
      },
      async (req) =>
        presentHouseholdPage(actor(req), await getHouseholdPage(ctx.db, actor(req), req.params.householdId)),
    );

    app.patch(
      '/api/households/:householdId',
      {
        schema: {
          tags: TAG,
          summary: '修改家庭或成员信息（须填写理由与信息来源；版本号不符时返回 409）',
          params: householdParams,
          body: editSchema,
          response: { 200: householdPageSchema },
        },
      },
      async (req) => {
        await editHousehold(ctx.db, ctx.keys, actor(req), req.params.householdId, req.body);
        return presentHouseholdPage(
          actor(req),
          await getHouseholdPage(ctx.db, actor(req), req.params.householdId),
        );
      },
    );

    app.post(
      '/api/households/:householdId/members/:personId/move',
      {
        schema: {
          tags: TAG,
          summary: '成员迁往其他家庭或新立一户',
          params: memberParams,
          body: moveSchema,
          response: { 200: z.object({ toHouseholdId: z.number(), household: householdPageSchema }) },
        },
      },
      async (req) => {
        const r = await moveMember(ctx.db, actor(req), req.params.householdId, req.params.personId, req.body);
        const page = await getHouseholdPage(ctx.db, actor(req), req.params.householdId);
        return { toHouseholdId: r.toHouseholdId, household: presentHouseholdPage(actor(req), page) };
      },
    );

    app.post(
      '/api/households/:householdId/members/:personId/death',
      {
        schema: {
          tags: TAG,
          summary: '登记成员死亡',
          params: memberParams,
          body: deathSchema,
          response: { 200: householdPageSchema },
        },
      },
      async (req) => {
        await recordDeath(ctx.db, actor(req), req.params.householdId, req.params.personId, req.body);
        return presentHouseholdPage(
          actor(req),
          await getHouseholdPage(ctx.db, actor(req), req.params.householdId),
        );
      },
    );

    app.post(
      '/api/households/:householdId/categories/end',
      {
        schema: {
          tags: TAG,
          summary:
            '终止救助类别（全部或指定的类别；须填写终止日期、理由与信息来源；退出后按政策参数包纳入监测；版本号不符时返回 409）',
          params: householdParams,
          body: endCategoriesSchema,
          response: { 200: householdPageSchema },
        },
      },
      async (req) => {
        await endCategories(ctx.db, actor(req), req.params.householdId, req.body);
        return presentHouseholdPage(
          actor(req),
          await getHouseholdPage(ctx.db, actor(req), req.params.householdId),
        );
      },
    );

    app.post(
      '/api/households/:householdId/members/:personId/reveal-id',
      {
        schema: {
          tags: TAG,
          summary: '查看完整身份证号码（须有权限并填写理由，记入审计）',
          params: memberParams,
          body: revealSchema,
          response: { 200: z.object({ idNumber: z.string() }) },
        },
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      },
      async (req) =>
        revealIdNumber(
          ctx.db,
          ctx.keys,
          actor(req),
          req.params.householdId,
          req.params.personId,
          req.body.reason,
        ),
    );
  };
