import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { presentUser, userSchema } from './presenter.ts';
import { createUser, listUsers, newUserSchema, viewOf } from './service.ts';

export const userRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/users',
      {
        schema: {
          tags: ['用户'],
          summary: '本辖区内的工作人员账号',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ items: z.array(userSchema), total: z.number() }) },
        },
      },
      async (req) => {
        const { rows, total } = await listUsers(ctx.db, actor(req), req.query);
        const items = await Promise.all(rows.map(async (u) => presentUser(await viewOf(ctx.db, u))));
        return { items, total };
      },
    );

    app.post(
      '/api/users',
      {
        schema: {
          tags: ['用户'],
          summary: '创建工作人员账号',
          body: newUserSchema,
          response: { 201: z.object({ user: userSchema }) },
        },
      },
      async (req, reply) => {
        const user = await createUser(ctx.db, actor(req), req.body);
        return reply.status(201).send({ user: presentUser(await viewOf(ctx.db, user)) });
      },
    );
  };
