/**
 * Configuration from the environment, validated at start: the process refuses to start with a bad
 * value and says which one. Each variable is documented here and in the README.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const hexKey = z.string().regex(/^[0-9a-fA-F]{32}$|^[0-9a-fA-F]{64}$/, '应为32或64位十六进制');

const schema = z.object({
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; 0.0.0.0 to serve the network. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** postgres://… selects PostgreSQL; unset uses the embedded PGlite database under DOUDI_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, '应以 postgres:// 开头')
    .optional(),
  /** Where the embedded database, the key file and uploads live. */
  DOUDI_DATA_DIR: z.string().min(1).default('./data'),
  /** Minutes of inactivity after which a session ends. */
  DOUDI_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** Consecutive failed logins that lock an account, and for how long. */
  DOUDI_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  DOUDI_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(10),
  /**
   * Key material for personal data at rest (SM4 key and SM3-HMAC blind-index key, hex). Required
   * with PostgreSQL; on the embedded database a key file is created in DOUDI_DATA_DIR on first start.
   */
  DOUDI_ID_KEY: hexKey.optional(),
  DOUDI_INDEX_KEY: hexKey.optional(),
  /** Mark the session cookie Secure (set when served over HTTPS). */
  DOUDI_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Omit<z.infer<typeof schema>, 'DOUDI_COOKIE_SECURE'> & {
  DOUDI_COOKIE_SECURE: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = schema.safeParse(clean);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`配置错误 (configuration error):\n${lines.join('\n')}`);
  }
  return {
    ...r.data,
    DOUDI_DATA_DIR: resolve(r.data.DOUDI_DATA_DIR),
    DOUDI_COOKIE_SECURE: r.data.DOUDI_COOKIE_SECURE === 'true',
  };
}
