import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actor, requestMeta, SESSION_COOKIE } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { permissionsOf } from '../access/index.ts';
import { presentUser, userSchema } from '../users/presenter.ts';
import { viewOf } from '../users/service.ts';
import { login, logout } from './service.ts';

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: {
          public: true,
          rateLimit: { max: 20, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['认证'],
          summary: '登录',
          body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
          response: { 200: z.object({ user: userSchema }) },
        },
      },
      async (req, reply) => {
        const { token, user } = await login(
          ctx.db,
          ctx.auth,
          req.body.username,
          req.body.password,
          requestMeta(req),
        );
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.config.DOUDI_COOKIE_SECURE,
        });
        return { user: presentUser(await viewOf(ctx.db, user), permissionsOf(user.role)) };
      },
    );

    app.post('/api/auth/logout', { schema: { tags: ['认证'], summary: '退出登录' } }, async (req, reply) => {
      await logout(ctx.db, actor(req), req.cookies[SESSION_COOKIE], requestMeta(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    app.get(
      '/api/auth/me',
      { schema: { tags: ['认证'], summary: '当前用户', response: { 200: z.object({ user: userSchema }) } } },
      async (req) => {
        const u = req.user!;
        return { user: presentUser(await viewOf(ctx.db, u), permissionsOf(u.role)) };
      },
    );
  };
