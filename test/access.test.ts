/**
 * Calls every registered API route as (1) a town worker of a sibling town and (2) a user of the
 * victim's own town whose role has no business with personal data, and checks that nothing of the
 * victim's leaks and nothing is changed there. New routes are covered automatically; a route whose
 * parameters the fixtures cannot fill fails the test until a fixture is added.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/server/context.ts';
import { type AccessFixture, buildFixture } from './helpers/access-fixtures.ts';
import { loginCookie, makeUser, testApp, testContext } from './helpers/app.ts';
import { loadTestRegions, openTestDb, type TestDb } from './helpers/test-db.ts';

const VICTIM_TOWN = '500230101000'; // 虎威镇
const SIBLING_TOWN = '500230102000'; // 社坛镇, same county
const REGION_MARKERS = ['500230101', '虎威'];

let db: TestDb;
let ctx: AppContext;
let app: FastifyInstance;
let fixture: AccessFixture;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  ctx = testContext(db);
  await makeUser(ctx, 'sibling_worker', 'town_worker', SIBLING_TOWN);
  await makeUser(ctx, 'victim_charity', 'charity', VICTIM_TOWN);
  fixture = await buildFixture(ctx, VICTIM_TOWN);
  app = await testApp(ctx);
  cookies.sibling = await loginCookie(app, 'sibling_worker');
  cookies.charity = await loginCookie(app, 'victim_charity');
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

function apiRoutes() {
  return app.registeredRoutes.filter(
    (r) =>
      r.url.startsWith('/api/') &&
      !r.url.startsWith('/api/docs') &&
      !r.public &&
      r.url !== '/api/auth/logout',
  );
}

function fillUrl(url: string): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => {
    const v = fixture.params[name];
    if (!v)
      throw new Error(
        `access fixture has no value for :${name} (route ${url}); add one in access-fixtures.ts`,
      );
    return encodeURIComponent(v);
  });
}

async function attack(cookie: string) {
  const results: Array<{ route: string; status: number; body: string }> = [];
  for (const r of apiRoutes()) {
    const key = `${r.method} ${r.url}`;
    const qs = new URLSearchParams(fixture.query).toString();
    const res = await app.inject({
      method: r.method as 'GET',
      url: `${fillUrl(r.url)}?${qs}`,
      headers: { cookie },
      ...(r.method === 'GET' || r.method === 'DELETE'
        ? {}
        : { payload: (fixture.bodies[key] ?? {}) as object }),
    });
    results.push({ route: key, status: res.statusCode, body: res.body });
  }
  return results;
}

describe('no route crosses region or role lines', () => {
  it('covers a meaningful number of routes', () => {
    expect(apiRoutes().length).toBeGreaterThanOrEqual(6);
  });

  it('a town worker of a sibling town gets nothing of the victim town from any route', async () => {
    const results = await attack(cookies.sibling!);
    for (const r of results) {
      for (const m of [...REGION_MARKERS, ...fixture.personalMarkers]) {
        expect(
          r.body.includes(m),
          `${r.route} answered ${r.status} with “${m}”: ${r.body.slice(0, 200)}`,
        ).toBe(false);
      }
      expect(r.status, r.route).not.toBe(500);
    }
    // Nothing was created in the victim's region by the attacker.
    const made = await db.query("SELECT 1 FROM users WHERE username = 'intruder_made'");
    expect(made).toHaveLength(0);
    // The attempts on victim records were refused as "not found" and audited as denied.
    const denied = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE actor_name = 'sibling_worker' AND result = 'denied'",
    );
    expect(denied[0]!.n).toBeGreaterThan(0);
  });

  it('a role without access to personal data gets none in its own town', async () => {
    const results = await attack(cookies.charity!);
    for (const r of results) {
      for (const m of fixture.personalMarkers) {
        expect(r.body.includes(m), `${r.route} leaked “${m}” to a charity user`).toBe(false);
      }
      expect(r.status, r.route).not.toBe(500);
    }
    expect(await db.query("SELECT 1 FROM users WHERE username = 'intruder_made'")).toHaveLength(0);
  });

  it('answers 404 (not 403) for a record outside the caller’s region', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/regions/${VICTIM_TOWN}`,
      headers: { cookie: cookies.sibling! },
    });
    expect(res.statusCode).toBe(404);
  });

  it('rejects unauthenticated calls to every non-public route', async () => {
    for (const r of apiRoutes()) {
      const res = await app.inject({ method: r.method as 'GET', url: fillUrl(r.url) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });
});
