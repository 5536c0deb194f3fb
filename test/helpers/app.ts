/** Builds the real HTTP app over a test database, with test users created through the service. */
import type { FastifyInstance } from 'fastify';
import { generateKeys } from '../../src/core/crypto.ts';
import type { Role } from '../../src/modules/access/actor.ts';
import { SYSTEM_ACTOR } from '../../src/modules/access/index.ts';
import { createUser, type NewUser } from '../../src/modules/users/service.ts';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { AppContext } from '../../src/server/context.ts';
import type { TestDb } from './test-db.ts';

export const TEST_PASSWORD = 'Test#Pass2026';

export function testContext(db: TestDb, overrides: Partial<AppContext['auth']> = {}): AppContext {
  const config = loadConfig({ LOG_LEVEL: 'silent', DOUDI_DATA_DIR: '/nonexistent-test-dir' });
  return {
    db,
    config,
    keys: generateKeys(),
    auth: { idleMinutes: 30, maxFailures: 5, lockMinutes: 10, ...overrides },
  };
}

export async function testApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return app;
}

export async function makeUser(
  ctx: AppContext,
  username: string,
  role: Role,
  regionCode: string,
  department: NewUser['department'] = null,
) {
  return createUser(ctx.db, SYSTEM_ACTOR, {
    username,
    displayName: username,
    password: TEST_PASSWORD,
    role,
    regionCode,
    department: role === 'department' ? (department ?? 'education') : null,
  });
}

/** Logs in through the real route and returns the session cookie header. */
export async function loginCookie(app: FastifyInstance, username: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'doudi_session');
  return `doudi_session=${c!.value}`;
}
