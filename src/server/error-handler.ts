/**
 * One error handler: catalogue errors answer their code, status and Chinese message; validation
 * errors list the fields; anything else is a 500 that hides internals and returns the request id.
 * Access denials are audited here, outside the transaction that failed.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorCatalogue } from '../core/errors.ts';
import { AccessDenied, SYSTEM_ACTOR } from '../modules/access/index.ts';
import { audit } from '../modules/audit/service.ts';
import type { AppContext } from './context.ts';

export function makeErrorHandler(ctx: AppContext) {
  return async function handle(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
    if (err instanceof AccessDenied) {
      try {
        await ctx.db.transaction((tx) =>
          audit(tx, ctx.db.kind, req.actor ?? SYSTEM_ACTOR, {
            action: err.attempt.action,
            objectType: err.attempt.objectType,
            objectId: err.attempt.objectId,
            regionCode: err.attempt.regionCode,
            result: 'denied',
            requestId: req.id,
            ip: req.ip,
          }),
        );
      } catch (e) {
        req.log.error({ err: e }, 'failed to audit an access denial');
      }
    }
    if (err instanceof AppError) {
      return reply.status(err.status).send({ code: err.code, message: err.message, fields: err.fields });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const path = (v.instancePath || '/').slice(1).replaceAll('/', '.');
        fields[path || '_'] = v.message ?? '无效';
      }
      const detail = Object.entries(fields)
        .map(([k, m]) => `${k}：${m}`)
        .join('；');
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: `${errorCatalogue.VALIDATION_FAILED.message}：${detail}`,
        fields,
      });
    }
    const status = (err as FastifyError).statusCode;
    if (status === 429) {
      return reply.status(429).send({ code: 'RATE_LIMITED', message: errorCatalogue.RATE_LIMITED.message });
    }
    if (status && status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ code: 'VALIDATION_FAILED', message: errorCatalogue.VALIDATION_FAILED.message });
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ code: 'INTERNAL', message: errorCatalogue.INTERNAL.message, requestId: req.id });
  };
}
