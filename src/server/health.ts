import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';

export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      {
        config: { public: true },
        schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: { public: true },
        schema: {
          hide: true,
          response: {
            200: z.object({ status: z.literal('ready'), database: z.string() }),
            503: z.object({ code: z.string(), message: z.string() }),
          },
        },
      },
      async (_req, reply) => {
        try {
          await ctx.db.query('SELECT 1');
          return { status: 'ready' as const, database: ctx.db.kind };
        } catch {
          return reply.status(503).send({ code: 'UNAVAILABLE', message: '数据库不可用' });
        }
      },
    );
  };
