import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, TEST_PASSWORD, testApp, testContext } from '../../../test/helpers/app.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { passwordProblems } from '../users/password-policy.ts';
import { createUser } from '../users/service.ts';

let db: TestDb;
let app: FastifyInstance;
beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  const ctx = testContext(db);
  await makeUser(ctx, 'worker1', 'town_worker', '500230101000');
  await makeUser(ctx, 'worker2', 'town_worker', '500230101000');
  app = await testApp(ctx);
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

const login = (username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('login and sessions', () => {
  it('logs in, sets an httpOnly SameSite=Strict cookie, and /me answers the user with region path', async () => {
    const res = await login('worker1', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = await loginCookie(app, 'worker1');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({
      username: 'worker1',
      role: 'town_worker',
      regionName: '虎威镇',
      roleName: '乡镇(街道)经办人',
    });
    expect(me.json().user.regionPath.map((r: { name: string }) => r.name)).toEqual([
      '重庆市',
      '县',
      '丰都县',
      '虎威镇',
    ]);
  });

  it('answers every failure with the same message', async () => {
    const unknown = await login('nobody', TEST_PASSWORD);
    const wrong = await login('worker1', 'Wrong#Pass2026');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('LOGIN_FAILED');
  });

  it('locks the account after 5 consecutive failures, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('worker2', 'Wrong#Pass2026')).statusCode).toBe(401);
    const right = await login('worker2', TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('LOGIN_FAILED');
    const [row] = await db.query<{ locked: boolean }>(
      "SELECT locked_until > now() + interval '9 minutes' AS locked FROM users WHERE username = 'worker2'",
    );
    expect(row!.locked).toBe(true);
    // After the lock expires the right password works again.
    await db.query("UPDATE users SET locked_until = now() - interval '1 second' WHERE username = 'worker2'");
    expect((await login('worker2', TEST_PASSWORD)).statusCode).toBe(200);
    const audits = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login' AND result <> 'ok'",
    );
    expect(audits[0]!.n).toBeGreaterThanOrEqual(7);
  });

  it('ends idle sessions and logged-out sessions', async () => {
    const cookie = await loginCookie(app, 'worker1');
    await db.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'");
    const expired = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('SESSION_EXPIRED');

    const fresh = await loginCookie(app, 'worker1');
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: fresh } })).statusCode,
    ).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: fresh } });
    expect(after.statusCode).toBe(401);
  });

  it('stores only argon2id hashes and session token hashes', async () => {
    const [u] = await db.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'worker1'",
    );
    expect(u!.password_hash).toMatch(/^\$argon2id\$/);
    const cookie = await loginCookie(app, 'worker1');
    const token = cookie.split('=')[1]!;
    const found = await db.query('SELECT 1 FROM sessions WHERE token_hash = $1', [token]);
    expect(found).toHaveLength(0);
  });
});

describe('password policy', () => {
  it('requires length, 3 of 4 classes, and rejects common passwords', () => {
    expect(passwordProblems('Ab1!')).toContain('长度至少8位');
    expect(passwordProblems('abcdefgh1')).toContain('须包含大写字母、小写字母、数字、特殊字符中的至少三类');
    expect(passwordProblems('P@ssw0rd')).toContain('属于常见弱密码');
    expect(passwordProblems('Admin@123')).toContain('属于常见弱密码');
    expect(passwordProblems('Zhang#2026x')).toEqual([]);
  });

  it('refuses to create an account with a weak password or an unknown region', async () => {
    const base = { username: 'weak1', displayName: 'x', role: 'town_worker' as const, department: null };
    await expect(
      createUser(db, SYSTEM_ACTOR, { ...base, password: 'password1', regionCode: '500230101000' }),
    ).rejects.toThrow(/密码不符合要求/);
    await expect(
      createUser(db, SYSTEM_ACTOR, { ...base, password: 'Zhang#2026x', regionCode: '110101001000' }),
    ).rejects.toThrow(/未载入或不存在/);
  });
});
