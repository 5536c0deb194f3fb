/**
 * Route plugins of the domain modules beyond the foundation. Adding a module's routes is one line
 * here, so app.ts stays the same as modules grow.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from './context.ts';

export const extraRoutes: Array<(ctx: AppContext) => FastifyPluginAsyncZod> = [];
