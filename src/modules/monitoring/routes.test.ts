/**
 * The monitoring HTTP API on a real database, as the web and department systems use it: the board
 * and lists scoped and masked by role, a warning verified on a visit and handled by route, leads
 * passed from county to town, uploads with progress, the push API with revocable keys, and a
 * "possibly no longer eligible" warning terminated by ending the household's categories.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, testApp, testContext } from '../../../test/helpers/app.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { addDays, addMonths, shanghaiDate } from '../../core/dates.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import type { AppContext } from '../../server/context.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { policyResolver } from '../policies/service.ts';
import { makeHousehold, type TestHousehold } from './__fixtures__/registry.ts';
import { importFeed } from './import.ts';

const TOWN = '370402001000';
const VILLAGE = '370402001013';
const OTHER_VILLAGE = '370402001016';
const today = shanghaiDate();
const day = (n: number) => addDays(today, -n);

let db: TestDb;
let ctx: AppContext;
let app: FastifyInstance;
let h1: TestHousehold;
let h2: TestHousehold;
const cookie: Record<string, string> = {};
const stranger = makeIdNumber('370402', '2008-02-02', 612);

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  ctx = testContext(db);
  await makeUser(ctx, 'zx_town', 'town_worker', TOWN);
  await makeUser(ctx, 'zx_village', 'village_assistant', VILLAGE);
  await makeUser(ctx, 'sz_county', 'civil_admin', '370402000000');
  await makeUser(ctx, 'wh_town', 'town_worker', '370402002000');
  await makeUser(ctx, 'sz_super', 'supervisor', '370402000000');
  await makeUser(ctx, 'sz_dept', 'department', '370402000000', 'health' as never);
  h1 = await db.transaction((tx) =>
    makeHousehold(tx, ctx.keys, VILLAGE, [
      { name: '周建国', incomeFen: 260000, labor: 'full' },
      { name: '吴秀兰', relation: 'spouse', labor: 'partial' },
    ]),
  );
  h2 = await db.transaction((tx) => makeHousehold(tx, ctx.keys, OTHER_VILLAGE, [{ name: '郑春生' }]));
  const rows = [
    { 身份证号码: h1.members[1]!.idNumber, 姓名: '吴秀兰', 登记日期: day(20) },
    { 身份证号码: h2.members[0]!.idNumber, 姓名: '郑春生', 登记日期: day(21) },
  ];
  await importFeed(db, ctx, SYSTEM_ACTOR, 'unemployment', { kind: 'rows', rows });
  await importFeed(db, ctx, SYSTEM_ACTOR, 'death', {
    kind: 'rows',
    rows: [{ id_number: h1.members[0]!.idNumber, name: '周建国', death_date: day(30) }],
  });
  await importFeed(db, ctx, SYSTEM_ACTOR, 'hardship_student', {
    kind: 'rows',
    rows: [
      { id_number: stranger, name: '冯小雨', school: '第十五中学', stage: '初中', recognized_on: day(40) },
    ],
  });
  app = await testApp(ctx);
  for (const u of ['zx_town', 'zx_village', 'sz_county', 'wh_town', 'sz_super', 'sz_dept']) {
    cookie[u] = await loginCookie(app, u);
  }
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

const get = (user: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookie[user]! } });
const send = (user: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: cookie[user]! }, ...(payload ? { payload } : {}) });

type Item = {
  id: number;
  type: string;
  state: string;
  person: { name: string; idNumberMasked: string } | null;
};

describe('the warning board', () => {
  it('counts by type, level, state and child region, inside the caller’s subtree only', async () => {
    const r = await get('zx_town', '/api/monitoring/board');
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.region.code).toBe(TOWN);
    expect(b.totals).toMatchObject({ total: 4, open: 4, overdue: 0, escalated: 0 });
    expect(b.totals.byLevel).toEqual({ red: 2, yellow: 2 });
    expect(b.byType.map((t: { type: string }) => t.type).sort()).toEqual([
      'death',
      'main_labourer_death',
      'unemployment',
    ]);
    const village = b.children.find((c: { code: string }) => c.code === VILLAGE);
    expect(village.total).toBe(3);
    expect(b.children.find((c: { code: string }) => c.code === OTHER_VILLAGE).total).toBe(1);

    const county = (await get('sz_county', `/api/monitoring/board?region=${TOWN}&level=red`)).json();
    expect(county.totals.total).toBe(2);

    expect((await get('wh_town', `/api/monitoring/board?region=${TOWN}`)).statusCode).toBe(404);
    expect((await get('wh_town', '/api/monitoring/board')).json().totals.total).toBe(0);
  });

  it('lists a village’s warnings to its assistant, with names masked for a supervisor', async () => {
    const v = (await get('zx_village', '/api/monitoring/warnings')).json();
    expect(v.total).toBe(3);
    // Red before yellow; the two red ones (same deadline) in either order.
    expect(
      v.items
        .slice(0, 2)
        .map((w: Item) => w.type)
        .sort(),
    ).toEqual(['death', 'main_labourer_death']);
    expect(v.items[2].type).toBe('unemployment');
    expect(v.items[2].person.name).toBe('吴秀兰');
    expect(v.items[2].person.idNumberMasked).toMatch(/^370\*{11}\d{3}[\dX]$/);
    const s = (await get('sz_super', '/api/monitoring/warnings?type=unemployment')).json();
    expect(s.total).toBe(2);
    expect(s.items.map((w: Item) => w.person!.name).sort()).toEqual(['吴*兰', '郑*生']);
    expect(JSON.stringify(s)).not.toContain(h1.members[1]!.idNumber);
  });

  it('answers a warning’s detail with its evidence, and audits the read', async () => {
    const list = (
      await get('zx_town', `/api/monitoring/warnings?type=unemployment&region=${VILLAGE}`)
    ).json();
    const id = list.items[0].id;
    const d = (await get('zx_town', `/api/monitoring/warnings/${id}`)).json();
    expect(d.evidence[0].facts).toEqual([{ key: 'registered_on', label: '登记日期', value: day(20) }]);
    expect(d.task).toMatchObject({ status: 'pending', regionCode: VILLAGE });
    expect(d.permissions).toEqual({ visit: true, handle: false, caseConference: false });
    const [a] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'warning.read' AND object_id = $1`,
      [String(id)],
    );
    expect(a!.n).toBe(1);
    expect((await get('wh_town', `/api/monitoring/warnings/${id}`)).statusCode).toBe(404);
  });
});

describe('verification and handling', () => {
  const idOf = async (type: string) =>
    (await get('zx_town', `/api/monitoring/warnings?type=${type}&region=${VILLAGE}`)).json().items[0]
      .id as number;

  it('a confirmed visit verifies the warning; only a town worker handles it, with a reason for no action', async () => {
    const id = await idOf('unemployment');
    const body = {
      visitedOn: day(1),
      visitors: [' 李强 ', '王  丽'],
      findings: '入户核实：已于上月失业，家庭收入减少',
      photoNotes: '失业登记证明照片一张，已存村委档案',
      result: 'confirmed',
    };
    // 核查人员 are required: at least one, no blank or repeated name; nothing is recorded otherwise.
    for (const [visitors, field, message] of [
      [undefined, 'visitors', '请填写核查人员（至少一人）'],
      [[], 'visitors', '请填写核查人员（至少一人）'],
      [['李强', '  '], 'visitors.1', '核查人员姓名不能为空'],
      [['李强', '李强'], 'visitors', '核查人员姓名重复'],
    ] as const) {
      const bad = await send('zx_village', 'POST', `/api/monitoring/warnings/${id}/visits`, {
        ...body,
        visitors,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields).toEqual({ [field]: message });
    }
    expect((await get('zx_village', `/api/monitoring/warnings/${id}`)).json().visits).toEqual([]);

    const visit = await send('zx_village', 'POST', `/api/monitoring/warnings/${id}/visits`, body);
    expect(visit.statusCode).toBe(200);
    expect(visit.json()).toMatchObject({ state: 'verified', task: { status: 'done' } });
    // The visitors are stored as entered (trimmed), beside the user who recorded the visit.
    expect(visit.json().visits[0]).toMatchObject({
      resultName: '属实',
      visitorName: 'zx_village',
      visitors: ['李强', '王 丽'],
    });
    expect((await get('zx_town', `/api/monitoring/warnings/${id}`)).json().visits[0].visitors).toEqual([
      '李强',
      '王 丽',
    ]);
    const [stored] = await db.query<{ visitors: string[] }>(
      'SELECT visitors FROM verification_visits WHERE warning_id = $1',
      [id],
    );
    expect(stored!.visitors).toEqual(['李强', '王 丽']);

    expect(
      (
        await send('zx_village', 'POST', `/api/monitoring/warnings/${id}/handling`, {
          route: 'no_action',
          reason: '无需处置',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/handling`, { route: 'no_action' }))
        .statusCode,
    ).toBe(400);
    const conf = await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/handling`, {
      route: 'case_conference',
      decision: '提交县级一事一议',
      conferenceDate: day(1),
    });
    expect(conf.statusCode).toBe(403);
    const h = await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/handling`, {
      route: 'inform_and_apply',
      reason: '已告知低保申请渠道',
      departments: ['人社'],
    });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toMatchObject({
      state: 'handled',
      handling: { route: 'inform_and_apply', departments: ['人社'] },
    });
    expect(h.json().handling.intended.map((i: { action: string }) => i.action)).toEqual([
      'start_application',
      'refer_to_departments',
    ]);
    const again = await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/handling`, {
      route: 'no_action',
      reason: '重复',
    });
    expect(again.statusCode).toBe(409);
  });

  it('a verified death is terminated by recording the death through the households module', async () => {
    const id = await idOf('death');
    await send('zx_village', 'POST', `/api/monitoring/warnings/${id}/visits`, {
      visitedOn: day(1),
      visitors: ['zx_village'],
      findings: '经村委会核实，本人已去世',
      result: 'confirmed',
    });
    const r = await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/handling`, {
      route: 'verify_and_terminate',
      reason: '死亡属实，停发救助金',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().handling.created).toEqual([
      { kind: 'death_record', id: String(h1.members[0]!.id), description: expect.stringContaining(day(30)) },
    ]);
    const [p] = await db.query<{ death_date: string }>('SELECT death_date FROM persons WHERE id = $1', [
      h1.members[0]!.id,
    ]);
    expect(p!.death_date).toBe(day(30));
    // The household page's timeline shows the warnings.
    const page = (await get('zx_town', `/api/households/${h1.id}`)).json();
    expect(JSON.stringify(page.timeline)).toContain('预警');
  });

  it('a visit finding the signal untrue closes the warning; a county admin records a case conference', async () => {
    const id = await idOf('main_labourer_death');
    const r = await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/visits`, {
      visitedOn: day(1),
      visitors: ['zx_town'],
      findings: '需再次核查：家中无人',
      result: 'follow_up',
    });
    expect(r.json().state).toBe('verifying');
    const ok = await send('zx_town', 'POST', `/api/monitoring/warnings/${id}/visits`, {
      visitedOn: day(0),
      visitors: ['zx_town'],
      findings: '收入来源中断属实',
      result: 'confirmed',
    });
    expect(ok.json()).toMatchObject({ state: 'verified', visits: [{}, {}] });
    const cc = await send('sz_county', 'POST', `/api/monitoring/warnings/${id}/handling`, {
      route: 'case_conference',
      decision: '县协调机制一事一议：给予临时救助并纳入低保边缘审核',
      conferenceDate: day(0),
    });
    expect(cc.statusCode).toBe(200);
    expect(cc.json().handling).toMatchObject({ route: 'case_conference', conferenceDate: day(0) });

    const other = (await get('zx_town', `/api/monitoring/warnings?region=${OTHER_VILLAGE}`)).json().items[0]
      .id;
    const closed = await send('zx_town', 'POST', `/api/monitoring/warnings/${other}/visits`, {
      visitedOn: day(0),
      visitors: ['zx_town'],
      findings: '已重新就业，不属实',
      result: 'not_confirmed',
    });
    expect(closed.json()).toMatchObject({ state: 'closed', task: { status: 'done' } });
  });

  it('lists a household’s warnings and the village’s tasks', async () => {
    const hist = (await get('zx_village', `/api/monitoring/households/${h1.id}/warnings`)).json();
    expect(hist.items).toHaveLength(3);
    expect((await get('wh_town', `/api/monitoring/households/${h1.id}/warnings`)).statusCode).toBe(404);
    const res = await get('zx_village', '/api/monitoring/tasks');
    expect(res.statusCode, res.body).toBe(200);
    const tasks = res.json();
    expect(tasks.total).toBe(3);
    expect(tasks.items.every((t: { region: { code: string } }) => t.region.code === VILLAGE)).toBe(true);
  });
});

describe('leads', () => {
  it('a county-level lead is listed for the county, passed on to a town, and revealed with a reason', async () => {
    expect((await get('zx_town', '/api/monitoring/leads')).json().total).toBe(0);
    const c = (await get('sz_county', '/api/monitoring/leads')).json();
    expect(c.items).toHaveLength(1);
    expect(c.items[0]).toMatchObject({
      name: '冯小雨',
      regionPrecision: 'county',
      feedTypes: [{ type: 'hardship_student' }],
    });
    const id = c.items[0].id;
    const moved = await send('sz_county', 'PATCH', `/api/monitoring/leads/${id}`, {
      regionCode: TOWN,
      note: '请中心街街道跟进',
    });
    expect(moved.json()).toMatchObject({ regionPrecision: 'town', region: { code: TOWN } });
    expect(
      (await send('wh_town', 'PATCH', `/api/monitoring/leads/${id}`, { status: 'dismissed' })).statusCode,
    ).toBe(404);
    const t = (await get('zx_town', '/api/monitoring/leads')).json();
    expect(t.items.map((l: { id: number }) => l.id)).toEqual([id]);
    const rev = await send('zx_town', 'POST', `/api/monitoring/leads/${id}/reveal-id`, {
      reason: '联系其家庭告知救助政策',
    });
    expect(rev.json()).toEqual({ idNumber: stranger });
    expect(
      (await send('zx_village', 'POST', `/api/monitoring/leads/${id}/reveal-id`, { reason: '查看' }))
        .statusCode,
    ).toBe(403);
  });
});

function multipart(fileName: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----doudi-test-boundary';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
  );
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('feeds over HTTP', () => {
  it('a department user uploads a file; the batch shows progress, counts and row errors; outsiders see nothing', async () => {
    const csv = `身份证号码,姓名,疾病名称,确诊日期\n${h2.members[0]!.idNumber},郑春生,肺癌,${day(5)}\n123,坏号,肺癌,${day(5)}\n`;
    const up = multipart('卫健重病名单.csv', csv);
    const r = await app.inject({
      method: 'POST',
      url: '/api/feeds/serious_illness/upload?wait=true',
      headers: { ...up.headers, cookie: cookie.sz_dept! },
      payload: up.payload,
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      batch: { status: 'done', fileName: '卫健重病名单.csv', counts: { added: 1, matched: 1, rejected: 1 } },
      run: { status: 'done', warningsRaised: 1 },
    });
    const batchId = r.json().batch.id;
    const errs = (await get('sz_dept', `/api/feeds/batches/${batchId}/errors`)).json();
    expect(errs).toMatchObject({ total: 1, rejected: 1, items: [{ rowNumber: 3 }] });
    expect((await get('wh_town', `/api/feeds/batches/${batchId}`)).statusCode).toBe(404);

    // Without wait: 202 with the batch, then the batch is polled until done; the same file again is a duplicate.
    const again = await app.inject({
      method: 'POST',
      url: '/api/feeds/serious_illness/upload',
      headers: { ...up.headers, cookie: cookie.sz_dept! },
      payload: up.payload,
    });
    expect(again.statusCode).toBe(202);
    let b = again.json().batch;
    for (let i = 0; i < 50 && b.status === 'running'; i++) {
      await new Promise((x) => setTimeout(x, 50));
      b = (await get('sz_dept', `/api/feeds/batches/${b.id}`)).json().batch;
    }
    expect(b).toMatchObject({ status: 'duplicate', duplicateOf: batchId, counts: { added: 0 } });
    // A county-level user also sees the batches loaded at the command line (no region).
    expect((await get('sz_dept', '/api/feeds/batches?feedType=serious_illness')).json().total).toBe(2);
    expect((await get('sz_dept', '/api/feeds/types')).json().items).toHaveLength(13);
  });

  it('pushes rows with an API key; a wrong type, a missing or revoked key is refused and audited', async () => {
    const created = await send('sz_county', 'POST', '/api/feeds/keys', {
      name: '区医保结算系统',
      department: '医保',
      feedTypes: ['medical_selfpay'],
    });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^ddk_/);
    const listed = (await get('sz_county', '/api/feeds/keys')).json();
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(listed.items[0].prefix).toBe(key.slice(0, 12));

    const body = {
      rows: [
        { id_number: h1.members[1]!.idNumber, name: '吴秀兰', settled_on: day(10), self_pay: '12,000.00' },
        { id_number: h1.members[1]!.idNumber, name: '吴秀兰', settled_on: day(9), self_pay: 9000 },
      ],
    };
    const push = (k: string | null, type = 'medical_selfpay') =>
      app.inject({
        method: 'POST',
        url: `/api/feeds/push/${type}`,
        headers: k ? { 'x-api-key': k } : {},
        payload: body,
      });
    const ok = await push(key);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      batch: { source: 'push', counts: { added: 2, matched: 2 } },
      run: { warningsRaised: 1 },
    });
    expect((await push(key)).json().batch.status).toBe('duplicate');
    expect((await push(key, 'death')).statusCode).toBe(403);
    expect((await push(null)).statusCode).toBe(401);
    expect((await push('ddk_forged-key-0000000000000000000000000000')).statusCode).toBe(401);

    expect((await send('zx_town', 'DELETE', `/api/feeds/keys/${apiKey.id}`)).statusCode).toBe(403);
    const revoked = await send('sz_county', 'DELETE', `/api/feeds/keys/${apiKey.id}`);
    expect(revoked.json().apiKey.revokedAt).not.toBeNull();
    expect((await push(key)).statusCode).toBe(401);
    const audits = await db.query<{ action: string; result: string }>(
      `SELECT action, result FROM audit_log WHERE action LIKE 'feed%' ORDER BY seq`,
    );
    expect(audits.filter((a) => a.action === 'feed.push' && a.result === 'denied')).toHaveLength(4);
    expect(audits.some((a) => a.action === 'feed_key.create')).toBe(true);
    expect(audits.some((a) => a.action === 'feed_key.revoke')).toBe(true);
  });

  it('a county admin starts a full run in the background and follows it', async () => {
    expect((await send('zx_town', 'POST', '/api/monitoring/runs', { kind: 'full' })).statusCode).toBe(403);
    const r = await send('sz_county', 'POST', '/api/monitoring/runs', { kind: 'full' });
    expect(r.statusCode).toBe(202);
    let run = r.json().run;
    for (let i = 0; i < 100 && run.status === 'running'; i++) {
      await new Promise((x) => setTimeout(x, 50));
      run = (await get('sz_county', `/api/monitoring/runs/${run.id}`)).json();
    }
    expect(run).toMatchObject({ kind: 'full', status: 'done', warningsRaised: 0 });
    expect((await get('sz_county', '/api/monitoring/runs')).json().total).toBeGreaterThan(3);
  });
});

describe('terminating after a “possibly no longer eligible” warning', () => {
  it('verify_and_terminate ends the household’s categories and records the monitoring window; a household already out is recorded as nothing to end', async () => {
    const [car, gone] = await db.transaction(async (tx) => [
      await makeHousehold(tx, ctx.keys, OTHER_VILLAGE, [{ name: '钱富贵' }], { category: 'dibao' }),
      await makeHousehold(tx, ctx.keys, OTHER_VILLAGE, [{ name: '孙有余' }], { category: 'dibao' }),
    ]);
    await importFeed(db, ctx, SYSTEM_ACTOR, 'vehicle', {
      kind: 'rows',
      rows: [
        { id_number: car.members[0]!.idNumber, name: '钱富贵', plate: '鲁D·A1234', registered_on: day(15) },
        { id_number: gone.members[0]!.idNumber, name: '孙有余', plate: '鲁D·B5678', registered_on: day(15) },
      ],
    });
    const warningOf = async (householdId: number) => {
      const items = (await get('zx_town', `/api/monitoring/households/${householdId}/warnings`)).json().items;
      const w = items.find((x: Item) => x.type === 'possibly_ineligible_vehicle');
      expect(w, JSON.stringify(items)).toBeDefined();
      const visit = await send('zx_town', 'POST', `/api/monitoring/warnings/${w.id}/visits`, {
        visitedOn: day(1),
        visitors: ['李强'],
        findings: '入户核实：家庭确已购置小型汽车一辆',
        result: 'confirmed',
      });
      expect(visit.json().state, visit.body).toBe('verified');
      return w.id as number;
    };
    const terminate = (id: number) =>
      send('zx_town', 'POST', `/api/monitoring/warnings/${id}/handling`, {
        route: 'verify_and_terminate',
        reason: '车辆属实，家庭财产超出规定',
      });

    const id = await warningOf(car.id);
    const before = (await get('zx_town', `/api/households/${car.id}`)).json();
    const dibao = before.categories.current[0];
    expect(dibao.category).toBe('dibao');
    const r = await terminate(id);
    expect(r.statusCode, r.body).toBe(200);
    const pack = (await policyResolver(db))(OTHER_VILLAGE, today);
    const until = addMonths(today, pack.monitoring.exitedMonths);
    expect(r.json().handling.intended).toEqual([]);
    expect(r.json().handling.created).toEqual([
      { kind: 'category_end', id: String(dibao.id), description: `已终止低保（全户），终止日期 ${today}` },
      {
        kind: 'monitoring_entry',
        id: expect.any(String),
        description: expect.stringContaining(`监测至 ${until}`),
      },
    ]);
    const page = (await get('zx_town', `/api/households/${car.id}`)).json();
    expect(page.categories.current).toEqual([]);
    expect(page.categories.history[0]).toMatchObject({ id: dibao.id, status: 'ended', toDate: today });
    expect(page.categories.history[0].reason).toContain(`核实预警（第${id}号）`);
    expect(page.monitoring).toMatchObject({
      active: true,
      entries: [{ reason: 'exited', fromDate: today, untilDate: until }],
    });
    const [a] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'household.end_categories' AND object_id = $1`,
      [String(car.id)],
    );
    expect(a!.n).toBe(1);

    // Categories already ended at the household page: the handling records that nothing was left.
    const goneId = await warningOf(gone.id);
    const gonePage = (await get('zx_town', `/api/households/${gone.id}`)).json();
    const ended = await send('zx_town', 'POST', `/api/households/${gone.id}/categories/end`, {
      version: gonePage.household.version,
      date: today,
      reason: '已主动申请退出低保',
      source: 'self_declared',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    const r2 = await terminate(goneId);
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json().handling.created).toEqual([
      { kind: 'no_category_in_force', id: String(gone.id), description: expect.stringContaining('无需终止') },
    ]);
    expect(r2.json().state).toBe('handled');
  });
});
