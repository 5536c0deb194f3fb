/**
 * Assembles the HTTP application: security headers, cookies, rate limits, OpenAPI at /api/docs,
 * authentication, the module routes, the web UI and the error handler.
 */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { auditRoutes } from '../modules/audit/routes.ts';
import { authRoutes } from '../modules/auth/routes.ts';
import { regionRoutes } from '../modules/regions/routes.ts';
import { userRoutes } from '../modules/users/routes.ts';
import { registerAuth } from './auth-plugin.ts';
import type { AppContext } from './context.ts';
import { makeErrorHandler } from './error-handler.ts';
import { healthRoutes } from './health.ts';
import { loggerOptions } from './logger.ts';
import { extraRoutes } from './route-table.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: Array<{ method: string; url: string; public: boolean }>;
  }
}

export type AppOptions = { logger?: boolean; serveWeb?: boolean };

export async function buildApp(ctx: AppContext, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(ctx.config.LOG_LEVEL),
    genReqId: () => randomUUID(),
    trustProxy: true,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(makeErrorHandler(ctx));
  // Every registered route, for the access test that calls each one across region and role lines.
  const routes: Array<{ method: string; url: string; public: boolean }> = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) {
      if (m !== 'HEAD') routes.push({ method: m, url: r.url, public: Boolean(r.config?.public) });
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'doudi API',
        description: '低收入人口动态监测 · 分层分类社会救助 HTTP 接口',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'doudi_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerAuth(app, ctx);
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(regionRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(auditRoutes(ctx));
  for (const routes of extraRoutes) await app.register(routes(ctx));

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || !opts.serveWeb || !existsSync(WEB_DIST)) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: '记录不存在' });
    }
    // The single-page app handles its own routes.
    return reply.sendFile('index.html', WEB_DIST);
  });
  if (opts.serveWeb && existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: 'index.html' });
  }
  return app;
}
