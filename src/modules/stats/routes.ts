import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { CATEGORIES } from '../households/schema.ts';
import { overview } from './service.ts';

const figures = z.object({ households: z.number(), people: z.number() });
const byCategoryFigures = z.partialRecord(z.enum(CATEGORIES), figures);
const byCategoryPeople = z.partialRecord(z.enum(CATEGORIES), z.number());

export const overviewSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  totals: z.object({ households: z.number(), people: z.number(), byCategory: byCategoryFigures }),
  children: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.string(),
      people: z.number(),
      households: z.number(),
      byCategory: byCategoryPeople,
    }),
  ),
  updatedAt: z.string().nullable(),
});

export const statsRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/stats/overview',
      {
        schema: {
          tags: ['统计'],
          summary: '分类统计：本级合计与下级行政区划（来自预汇总表）',
          querystring: z.object({
            region: z
              .string()
              .regex(/^\d{2,12}$/, '行政区划代码应为数字')
              .optional(),
          }),
          response: { 200: overviewSchema },
        },
      },
      async (req) => overview(ctx.db, actor(req), req.query.region),
    );
  };
