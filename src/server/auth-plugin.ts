/**
 * Authentication for /api: every route needs a session unless it declares `config: { public: true }`.
 * The resolved staff member becomes `request.actor`; authorisation stays in modules/access.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../modules/access/index.ts';
import { actorOf, authenticate } from '../modules/auth/service.ts';
import type { UserRecord } from '../modules/users/repository.ts';
import type { AppContext } from './context.ts';

export const SESSION_COOKIE = 'doudi_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    user: UserRecord | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (login, health). */
    public?: boolean;
  }
}

export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.routeOptions.config?.public) return;
    if (req.url.startsWith('/api/docs')) return;
    const user = await authenticate(ctx.db, ctx.auth, req.cookies[SESSION_COOKIE]);
    req.user = user;
    req.actor = actorOf(user);
  });
}

/** The authenticated actor of a non-public route. */
export function actor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED');
  return req.actor;
}

export const requestMeta = (req: FastifyRequest) => ({
  ip: req.ip ?? null,
  userAgent: req.headers['user-agent'] ?? null,
  requestId: req.id,
});
