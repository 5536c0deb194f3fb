import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actor } from '../../server/auth-plugin.ts';
import type { AppContext } from '../../server/context.ts';
import { listAudit } from './service.ts';

const entrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  regionCode: z.string().nullable(),
  result: z.string(),
  changes: z.unknown(),
});

export const auditRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/audit',
      {
        schema: {
          tags: ['审计'],
          summary: '本辖区审计日志（最新在前）',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            beforeSeq: z.coerce.number().int().min(1).optional(),
          }),
          response: { 200: z.object({ items: z.array(entrySchema) }) },
        },
      },
      async (req) => {
        const rows = await listAudit(ctx.db, actor(req), req.query);
        return {
          items: rows.map((r) => ({
            seq: r.seq,
            at: new Date(r.at).toISOString(),
            actorName: r.actor_name,
            action: r.action,
            objectType: r.object_type,
            objectId: r.object_id,
            regionCode: r.region_code,
            result: r.result,
            changes: r.changes,
          })),
        };
      },
    );
  };
