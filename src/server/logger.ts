/**
 * pino options that keep personal data out of logs: known fields are redacted by path, and every
 * string that looks like an ID number (or a mobile number) is masked wherever it appears.
 */
import type { LoggerOptions } from 'pino';
import { maskIdNumber } from '../core/id-number.ts';

const ID_RE = /(?<!\d)\d{17}[\dXx](?!\d)/g;
const PHONE_RE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function scrubText(s: string): string {
  return s
    .replace(ID_RE, (m) => maskIdNumber(m))
    .replace(PHONE_RE, (m) => `${m.slice(0, 3)}****${m.slice(-4)}`);
}

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return scrubText(v);
  if (depth > 6 || v === null || typeof v !== 'object' || v instanceof Error) return v;
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
  // Only plain objects are rebuilt; class instances (requests, replies) keep their getters and go
  // through the serializers, which scrub them.
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrubDeep(x, depth + 1)]));
}

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.idNumber',
  '*.id_number',
  '*.name',
  '*.phone',
  '*.members[*].idNumber',
  '*.members[*].name',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[已隐藏]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        url: req.url ? scrubText(req.url) : req.url,
        id: req.id,
      }),
      err: (err: Error & { code?: string }) => ({
        type: err.name,
        code: err.code,
        message: scrubText(err.message),
        stack: err.stack ? scrubText(err.stack) : undefined,
      }),
    },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubDeep(a)) as Parameters<typeof method>);
      },
    },
  };
}
