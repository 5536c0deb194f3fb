import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { regionRefSchema } from '../users/presenter.ts';
import { getRegion, listChildren } from './service.ts';

const codeParam = z.object({ code: z.string().regex(/^\d{2,12}$/, '行政区划代码应为数字') });

export const regionRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/regions/:code',
      {
        schema: {
          tags: ['行政区划'],
          summary: '行政区划详情（仅限本辖区）',
          params: codeParam,
          response: {
            200: regionRefSchema.extend({
              parentCode: z.string().nullable(),
              path: z.array(regionRefSchema),
            }),
          },
        },
      },
      async (req) => getRegion(ctx.db, actor(req), req.params.code),
    );

    app.get(
      '/api/regions/:code/children',
      {
        schema: {
          tags: ['行政区划'],
          summary: '下级行政区划',
          params: codeParam,
          response: {
            200: z.object({ items: z.array(regionRefSchema.extend({ hasChildren: z.boolean() })) }),
          },
        },
      },
      async (req) => ({ items: await listChildren(ctx.db, actor(req), req.params.code) }),
    );
  };
