/**
 * The household use cases over HTTP on a real database: scope (a sibling town sees nothing, 404,
 * audited), search paths, masking by role, the audited reveal, edits with reason and provenance, the
 * optimistic-lock conflict, moving a member and recording a death with the statistics following.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, testApp, testContext } from '../../../test/helpers/app.ts';
import { type MadeHousehold, makeHousehold } from '../../../test/helpers/registry-factory.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import type { AppContext } from '../../server/context.ts';

const HUWEI_VILLAGE = '500230101201'; // 荷花村, 虎威镇
const HUWEI_VILLAGE_2 = '500230101202'; // 同心村, 虎威镇
const SHETAN = '500230102000';
const HUWEI = '500230101000';

let db: TestDb;
let ctx: AppContext;
let app: FastifyInstance;
let h: MadeHousehold;
let other: MadeHousehold;
const cookie: Record<string, string> = {};

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  ctx = testContext(db);
  await makeUser(ctx, 'w_huwei', 'town_worker', HUWEI);
  await makeUser(ctx, 'w2_huwei', 'town_worker', HUWEI);
  await makeUser(ctx, 'w_shetan', 'town_worker', SHETAN);
  await makeUser(ctx, 'v_huwei', 'village_assistant', HUWEI_VILLAGE);
  await makeUser(ctx, 's_county', 'supervisor', '500230000000');
  h = await makeHousehold(db, ctx.keys, {
    village: HUWEI_VILLAGE,
    members: [
      { name: '陈大山', monthlyIncomeFen: 30_000 },
      { name: '陈小河', relation: 'child', birthYear: 2010 },
      { name: '林秀英', relation: 'spouse', birthYear: 1962 },
    ],
  });
  other = await makeHousehold(db, ctx.keys, { village: HUWEI_VILLAGE_2, members: [{ name: '赵一民' }] });
  app = await testApp(ctx);
  for (const u of ['w_huwei', 'w2_huwei', 'w_shetan', 'v_huwei', 's_county'])
    cookie[u] = await loginCookie(app, u);
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

const get = (user: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookie[user]! } });
const send = (user: string, method: 'POST' | 'PATCH', url: string, payload: object) =>
  app.inject({ method, url, payload, headers: { cookie: cookie[user]! } });

describe('scope', () => {
  it('a worker of a sibling town gets 404 for the household, and the attempt is audited', async () => {
    const res = await get('w_shetan', `/api/households/${h.householdId}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('陈大山');
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_name = 'w_shetan' AND result = 'denied'
       AND action = 'household.read' AND object_id = $1`,
      [String(h.householdId)],
    );
    expect(row!.n).toBe(1);
  });

  it('search by ID number finds nothing outside scope, and region filters outside scope are 404', async () => {
    const byId = await get('w_shetan', `/api/registry/search?q=${h.idNumbers[0]}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.json().items).toHaveLength(0);
    expect((await get('w_shetan', `/api/registry/search?region=${HUWEI}`)).statusCode).toBe(404);
    expect((await get('w_shetan', `/api/stats/overview?region=${HUWEI}`)).statusCode).toBe(404);
    expect(
      (await get('w_shetan', `/api/households/${h.householdId}/members/${h.personIds[0]}/reveal-id`))
        .statusCode,
    ).toBe(404);
  });

  it('the owner reads the household page; the read is audited', async () => {
    const res = await get('w_huwei', `/api/households/${h.householdId}`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.members.map((m: { name: string }) => m.name)).toEqual(['陈大山', '林秀英', '陈小河']);
    expect(page.categories.current[0].category).toBe('dibao');
    expect(page.members[0].idNumberMasked).toMatch(/^500\*{11}\d{3}[\dX]$/);
    expect(res.body).not.toContain(h.idNumbers[0]);
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE actor_name = 'w_huwei' AND action = 'household.read'",
    );
    expect(row!.n).toBeGreaterThanOrEqual(1);
  });
});

describe('search', () => {
  it('finds by ID number (blind index), name prefix, household number and region', async () => {
    const byId = (await get('w_huwei', `/api/registry/search?idNumber=${h.idNumbers[1]}`)).json();
    expect(byId.items).toHaveLength(1);
    expect(byId.items[0].matchedMembers[0].name).toBe('陈小河');
    const byName = (await get('w_huwei', `/api/registry/search?q=${encodeURIComponent('陈')}`)).json();
    expect(byName.items.map((i: { householdId: number }) => i.householdId)).toContain(h.householdId);
    const byNo = (await get('w_huwei', `/api/registry/search?q=${h.householdNo}`)).json();
    expect(byNo.items[0].householdId).toBe(h.householdId);
    const byRegion = (await get('w_huwei', `/api/registry/search?region=${HUWEI_VILLAGE_2}`)).json();
    expect(byRegion.items.map((i: { householdId: number }) => i.householdId)).toEqual([other.householdId]);
    expect(byRegion.total).toBe(1);
  });

  it('answers a bad ID number with a Chinese reason', async () => {
    const bad = `${h.idNumbers[0]!.slice(0, 17)}${h.idNumbers[0]!.endsWith('1') ? '2' : '1'}`;
    const res = await get('w_huwei', `/api/registry/search?idNumber=${bad}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('校验码错误');
  });

  it('a village assistant sees only their village', async () => {
    const res = (await get('v_huwei', '/api/registry/search')).json();
    expect(res.items.map((i: { householdId: number }) => i.householdId)).toEqual([h.householdId]);
  });
});

describe('masking and reveal', () => {
  it('a supervisor sees masked names; nobody sees the full ID number in the page', async () => {
    const page = (await get('s_county', `/api/households/${h.householdId}`)).json();
    expect(page.members[0].name).toBe('陈*山');
    expect(JSON.stringify(page)).not.toContain('陈大山');
    expect(page.permissions).toEqual({ edit: false, revealId: false });
  });

  it('reveal needs the permission and a reason, and is audited', async () => {
    const url = `/api/households/${h.householdId}/members/${h.personIds[0]}/reveal-id`;
    expect((await send('v_huwei', 'POST', url, { reason: '核对' })).statusCode).toBe(403);
    expect((await send('w_huwei', 'POST', url, { reason: '' })).statusCode).toBe(400);
    const res = await send('w_huwei', 'POST', url, { reason: '核对银行账户' });
    expect(res.statusCode).toBe(200);
    expect(res.json().idNumber).toBe(h.idNumbers[0]);
    const [a] = await db.query<{ changes: { reason: string } }>(
      "SELECT changes FROM audit_log WHERE action = 'person.reveal_id' AND actor_name = 'w_huwei'",
    );
    expect(a!.changes.reason).toBe('核对银行账户');
  });
});

describe('editing', () => {
  it('requires a reason and a source; records history with its source and shows provenance', async () => {
    const url = `/api/households/${h.householdId}`;
    const missing = await send('w_huwei', 'PATCH', url, { version: 1, household: { address: '新地址' } });
    expect(missing.statusCode).toBe(400);
    const res = await send('w_huwei', 'PATCH', url, {
      version: 1,
      reason: '入户核查：收入变化',
      source: 'home_visit',
      household: { address: '荷花村3组8号' },
      members: [{ personId: h.personIds[0], changes: { monthlyIncome: 420.5, seriousIllness: true } }],
    });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.household.version).toBe(2);
    expect(page.household.address).toBe('荷花村3组8号');
    const head = page.members.find((m: { personId: number }) => m.personId === h.personIds[0]);
    expect(head.monthlyIncome).toBe(420.5);
    expect(head.provenance.monthlyIncome).toMatchObject({
      source: 'home_visit',
      reason: '入户核查：收入变化',
    });
    expect(head.provenance.name.source).toBe('self_declared');
    const details = page.timeline.map((t: { detail: string | null }) => t.detail ?? '').join('\n');
    expect(details).toContain('月收入（元）：300.00 元 → 420.50 元');
    expect(details).toContain('家庭住址：测试地址');
    const hist = await db.query(
      'SELECT field FROM attribute_history WHERE household_id = $1 ORDER BY field',
      [h.householdId],
    );
    expect(hist.map((r) => (r as { field: string }).field)).toEqual([
      'address',
      'monthlyIncome',
      'seriousIllness',
    ]);
  });

  it('the second of two concurrent edits gets 409 naming who changed it; nothing is lost', async () => {
    const url = `/api/households/${other.householdId}`;
    const first = await send('w_huwei', 'PATCH', url, {
      version: 1,
      reason: '更正住址',
      source: 'self_declared',
      household: { address: '同心村1组1号' },
    });
    expect(first.statusCode).toBe(200);
    const second = await send('w2_huwei', 'PATCH', url, {
      version: 1,
      reason: '更正住址',
      source: 'proxy',
      household: { address: '同心村9组9号' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('CONFLICT');
    expect(second.json().message).toContain('w_huwei');
    const page = (await get('w2_huwei', url)).json();
    expect(page.household.address).toBe('同心村1组1号');
    expect(page.household.version).toBe(2);
  });

  it('refuses an ID number that belongs to someone else', async () => {
    const page = (await get('w_huwei', `/api/households/${other.householdId}`)).json();
    const res = await send('w_huwei', 'PATCH', `/api/households/${other.householdId}`, {
      version: page.household.version,
      reason: '更正身份证号',
      source: 'self_declared',
      members: [{ personId: other.personIds[0], changes: { idNumber: h.idNumbers[2] } }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DUPLICATE');
  });
});

describe('moving a member and recording a death', () => {
  it('moves a member to a new household; both pages and the statistics follow', async () => {
    const before = (await get('w_huwei', `/api/stats/overview?region=${HUWEI}`)).json();
    const page = (await get('w_huwei', `/api/households/${h.householdId}`)).json();
    const res = await send(
      'w_huwei',
      'POST',
      `/api/households/${h.householdId}/members/${h.personIds[1]}/move`,
      {
        version: page.household.version,
        reason: '分户',
        source: 'self_declared',
        relation: 'head',
        newHousehold: { regionCode: HUWEI_VILLAGE_2, address: '同心村5组2号' },
      },
    );
    expect(res.statusCode).toBe(200);
    const { toHouseholdId, household } = res.json();
    expect(household.members.map((m: { name: string }) => m.name)).not.toContain('陈小河');
    expect(household.formerMembers[0].name).toBe('陈小河');
    const moved = (await get('w_huwei', `/api/households/${toHouseholdId}`)).json();
    expect(moved.members[0].name).toBe('陈小河');
    expect(moved.household.headPersonId).toBe(h.personIds[1]);
    const after = (await get('w_huwei', `/api/stats/overview?region=${HUWEI}`)).json();
    // The new household has no category yet: one person fewer in 低保.
    expect(after.totals.byCategory.dibao.people).toBe(before.totals.byCategory.dibao.people - 1);
  });

  it('records a death: the person leaves the counts and their own categories end', async () => {
    const page = (await get('w_huwei', `/api/households/${h.householdId}`)).json();
    const before = (await get('w_huwei', `/api/stats/overview?region=${HUWEI_VILLAGE}`)).json();
    const res = await send(
      'w_huwei',
      'POST',
      `/api/households/${h.householdId}/members/${h.personIds[2]}/death`,
      {
        version: page.household.version,
        reason: '公安死亡信息',
        source: 'department_feed',
        deathDate: '2025-06-01',
      },
    );
    expect(res.statusCode).toBe(200);
    const dead = res.json().members.find((m: { personId: number }) => m.personId === h.personIds[2]);
    expect(dead.deathDate).toBe('2025-06-01');
    const after = (await get('w_huwei', `/api/stats/overview?region=${HUWEI_VILLAGE}`)).json();
    expect(after.totals.people).toBe(before.totals.people - 1);
    const again = await send(
      'w_huwei',
      'POST',
      `/api/households/${h.householdId}/members/${h.personIds[2]}/death`,
      {
        version: res.json().household.version,
        reason: '重复登记',
        source: 'department_feed',
        deathDate: '2025-06-01',
      },
    );
    expect(again.statusCode).toBe(400);
  });
});

describe('export', () => {
  it('exports a search to XLSX with masked ID numbers', async () => {
    const res = await get('w_huwei', `/api/registry/export?region=${HUWEI_VILLAGE}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const ids = ws.getColumn(7).values.slice(2).map(String);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    expect(ws.getColumn(6).values).toContain('陈大山');
  });
});
