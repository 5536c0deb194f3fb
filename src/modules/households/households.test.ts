/**
 * The household use cases over HTTP on a real database: scope (a sibling town sees nothing, 404,
 * audited), search paths, masking by role, the audited reveal, edits with reason and provenance, the
 * optimistic-lock conflict, moving a member and recording a death with the statistics following,
 * and ending categories (exit) with the monitoring window of the policy pack.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, testApp, testContext } from '../../../test/helpers/app.ts';
import { type MadeHousehold, makeHousehold } from '../../../test/helpers/registry-factory.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { addMonths, parseIsoDate } from '../../core/dates.ts';
import type { AppContext } from '../../server/context.ts';
import { policyResolver } from '../policies/service.ts';

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
    expect(page.permissions).toEqual({ edit: false, revealId: false, endCategories: false });
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

describe('ending categories', () => {
  const END_DATE = '2025-06-30';
  const endUrl = (id: number) => `/api/households/${id}/categories/end`;
  const pageOf = async (id: number) => (await get('w_huwei', `/api/households/${id}`)).json();

  it('refuses a village assistant (403) and a sibling town (404, audited); a stale version is 409', async () => {
    const x = await makeHousehold(db, ctx.keys, { village: HUWEI_VILLAGE_2, members: [{ name: '钱守田' }] });
    const body = { version: 1, date: END_DATE, reason: '家庭购置车辆', source: 'home_visit' };
    expect((await send('v_huwei', 'POST', endUrl(x.householdId), body)).statusCode).toBe(403);
    const out = await send('w_shetan', 'POST', endUrl(x.householdId), body);
    expect(out.statusCode).toBe(404);
    expect(out.body).not.toContain('钱守田');
    const [denied] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE actor_name = 'w_shetan' AND result = 'denied'
       AND action = 'household.end_categories' AND object_id = $1`,
      [String(x.householdId)],
    );
    expect(denied!.n).toBe(1);
    const stale = await send('w_huwei', 'POST', endUrl(x.householdId), { ...body, version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('CONFLICT');
    const future = await send('w_huwei', 'POST', endUrl(x.householdId), { ...body, date: '2999-01-01' });
    expect(future.statusCode).toBe(400);
    const early = await send('w_huwei', 'POST', endUrl(x.householdId), { ...body, date: '2023-12-31' });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toContain('起始日期');
    expect((await send('w_huwei', 'POST', endUrl(x.householdId), { ...body, reason: '' })).statusCode).toBe(
      400,
    );
    // Nothing was changed by the refused attempts.
    const page = await pageOf(x.householdId);
    expect(page.household.version).toBe(1);
    expect(page.categories.current).toHaveLength(1);
  });

  it('ends every category, puts the household in the monitoring pool for the pack’s exit window, with history, audit and statistics', async () => {
    const x = await makeHousehold(db, ctx.keys, {
      village: HUWEI_VILLAGE_2,
      members: [
        { name: '孙有福', category: 'tekun' },
        { name: '孙小梅', relation: 'child' },
      ],
    });
    const before = (await get('w_huwei', `/api/stats/overview?region=${HUWEI_VILLAGE_2}`)).json();
    const res = await send('w_huwei', 'POST', endUrl(x.householdId), {
      version: 1,
      date: END_DATE,
      reason: '核实家庭购置小型汽车一辆，不再符合条件',
      source: 'home_visit',
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.household.version).toBe(2);
    expect(page.categories.current).toEqual([]);
    expect(page.categories.history.map((c: { category: string }) => c.category).sort()).toEqual([
      'dibao',
      'tekun',
    ]);
    for (const c of page.categories.history) {
      expect(c).toMatchObject({
        status: 'ended',
        toDate: END_DATE,
        reason: '核实家庭购置小型汽车一辆，不再符合条件',
      });
    }

    // The monitoring window comes from the pack in force for the village on the end date.
    const pack = (await policyResolver(db))(HUWEI_VILLAGE_2, END_DATE);
    const until = addMonths(parseIsoDate(END_DATE), pack.monitoring.exitedMonths);
    expect(page.monitoring.active).toBe(until >= new Date().toISOString().slice(0, 10));
    expect(page.monitoring.entries).toEqual([
      expect.objectContaining({ reason: 'exited', fromDate: END_DATE, untilDate: until }),
    ]);
    expect(page.monitoring.entries[0].note).toContain(`${pack.id} 第${pack.version}版`);

    const hist = await db.query<{
      object_type: string;
      field: string;
      new_value: unknown;
      source: string;
      reason: string;
    }>(
      'SELECT object_type, field, new_value, source, reason FROM attribute_history WHERE household_id = $1 ORDER BY id',
      [x.householdId],
    );
    expect(hist.map((r) => `${r.object_type}.${r.field}=${JSON.stringify(r.new_value)}`)).toEqual([
      'category.category=null',
      'category.category=null',
      'monitoring.monitoring="exited"',
    ]);
    expect(hist.every((r) => r.source === 'home_visit' && r.reason.includes('小型汽车'))).toBe(true);

    const [a] = await db.query<{ changes: Record<string, unknown>; region_code: string }>(
      `SELECT changes, region_code FROM audit_log WHERE action = 'household.end_categories' AND result = 'ok'
       AND object_id = $1`,
      [String(x.householdId)],
    );
    expect(a!.region_code).toBe(HUWEI_VILLAGE_2);
    expect(a!.changes).toMatchObject({
      date: END_DATE,
      monitoring: { reason: 'exited', untilDate: until, months: pack.monitoring.exitedMonths },
      policy: { id: pack.id, version: pack.version },
      source: 'home_visit',
    });
    expect(a!.changes.endedCategories).toHaveLength(2);

    const timeline = JSON.stringify(page.timeline);
    expect(timeline).toContain('退出低保');
    expect(timeline).toContain('退出特困人员（孙有福）');
    expect(timeline).toContain('纳入监测（退出保障）');
    expect(timeline).toContain('救助类别变更');
    // The reason it ended is told at 退出, not at 纳入 (where the assignment's reason was).
    for (const t of page.timeline.filter((i: { title: string }) => i.title.startsWith('纳入低保')))
      expect(t.detail ?? '').not.toContain('小型汽车');

    const after = (await get('w_huwei', `/api/stats/overview?region=${HUWEI_VILLAGE_2}`)).json();
    expect(after.totals.byCategory.dibao?.households ?? 0).toBe(
      before.totals.byCategory.dibao.households - 1,
    );
    expect(after.totals.byCategory.tekun?.people ?? 0).toBe(
      (before.totals.byCategory.tekun?.people ?? 0) - 1,
    );

    const again = await send('w_huwei', 'POST', endUrl(x.householdId), {
      version: 2,
      date: END_DATE,
      reason: '重复终止',
      source: 'home_visit',
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toContain('没有未终止的救助类别');
  });

  it('ends only the named categories; a household still in a category is not put in the monitoring pool', async () => {
    const x = await makeHousehold(db, ctx.keys, {
      village: HUWEI_VILLAGE_2,
      members: [
        { name: '李长根', category: 'tekun' },
        { name: '李小草', relation: 'child' },
      ],
    });
    const page = await pageOf(x.householdId);
    const tekun = page.categories.current.find((c: { category: string }) => c.category === 'tekun');
    const body = { version: 1, date: END_DATE, reason: '本人已由子女赡养', source: 'self_declared' };
    expect(
      (await send('w_huwei', 'POST', endUrl(x.householdId), { ...body, categoryIds: [999_999] })).statusCode,
    ).toBe(400);
    const res = await send('w_huwei', 'POST', endUrl(x.householdId), { ...body, categoryIds: [tekun.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().categories.current.map((c: { category: string }) => c.category)).toEqual(['dibao']);
    expect(res.json().monitoring.entries).toEqual([]);
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
