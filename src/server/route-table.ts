/**
 * Route plugins of the domain modules beyond the foundation. Adding a module's routes is one line
 * here, so app.ts stays the same as modules grow.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { householdRoutes } from '../modules/households/routes.ts';
import { monitoringRoutes } from '../modules/monitoring/routes.ts';
import { policyRoutes } from '../modules/policies/routes.ts';
import { importRoutes } from '../modules/registry-import/routes.ts';
import { statsRoutes } from '../modules/stats/routes.ts';
import type { AppContext } from './context.ts';

export const extraRoutes: Array<(ctx: AppContext) => FastifyPluginAsyncZod> = [
  policyRoutes,
  householdRoutes,
  statsRoutes,
  importRoutes,
  monitoringRoutes,
];
