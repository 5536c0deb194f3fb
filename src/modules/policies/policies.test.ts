import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, testApp, testContext } from '../../../test/helpers/app.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import { assess, parseHousehold } from '../../policy/engine.ts';
import { loadCatalog, SHIPPED_POLICIES_DIR } from '../../policy/pack-files.ts';
import { resolvePackFor } from '../../policy/pack-loader.ts';

const ZHONGXINJIE = '370402001000'; // 枣庄市市中区中心街街道
const HUWEI = '500230101000'; // 重庆市丰都县虎威镇
const DATE = '2025-06-01';

let db: TestDb;
let app: FastifyInstance;
const cookie: Record<string, string> = {};
let zaozhuangYaml: string;

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  const ctx = testContext(db);
  await makeUser(ctx, 'zx_worker', 'town_worker', ZHONGXINJIE);
  await makeUser(ctx, 'zx_charity', 'charity', ZHONGXINJIE);
  await makeUser(ctx, 'zz_city', 'civil_admin', '370400000000');
  await makeUser(ctx, 'szq_county', 'civil_admin', '370402000000');
  await makeUser(ctx, 'nongan_county', 'civil_admin', '220122000000');
  await makeUser(ctx, 'zx_town_admin', 'civil_admin', ZHONGXINJIE);
  app = await testApp(ctx);
  for (const u of ['zx_worker', 'zx_charity', 'zz_city', 'szq_county', 'nongan_county', 'zx_town_admin']) {
    cookie[u] = await loginCookie(app, u);
  }
  zaozhuangYaml = await readFile(`${SHIPPED_POLICIES_DIR}/zaozhuang.yaml`, 'utf8');
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

const get = (user: string, url: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookie[user]! } });
const post = (user: string, url: string, payload: object) =>
  app.inject({ method: 'POST', url, headers: { cookie: cookie[user]! }, payload });

/** Two adults in 中心街街道, 800 yuan a month between them: 低保 under 枣庄's 980 yuan urban standard. */
function dibaoHousehold(regionCode = ZHONGXINJIE) {
  return {
    regionCode,
    residence: 'urban',
    assessedOn: DATE,
    members: [
      {
        idNumber: makeIdNumber('370402', '1980-05-01', 11),
        name: '试算甲',
        relation: 'head',
        monthlyIncome: 800,
        laborCapacity: 'full',
        disability: null,
        seriousIllness: false,
        student: null,
        employed: true,
        careLevel: 'self',
        supporter: 'none',
      },
      {
        idNumber: makeIdNumber('370402', '1982-03-04', 22),
        name: '试算乙',
        relation: 'spouse',
        monthlyIncome: 0,
        laborCapacity: 'partial',
        disability: { grade: 3, type: 'physical' },
        seriousIllness: false,
        student: null,
        employed: false,
        careLevel: 'self',
        supporter: 'none',
      },
    ],
    assets: { financial: 3000, vehicles: 0, extraHousing: 0, business: false },
    expenses12m: { medical: 1200, education: 0, housing: 0, care: 0 },
  };
}

const auditRows = (action: string) =>
  db.query<{ actor_name: string; object_id: string; result: string; changes: Record<string, unknown> }>(
    'SELECT actor_name, object_id, result, changes FROM audit_log WHERE action = $1 ORDER BY seq',
    [action],
  );

describe('reading packs', () => {
  it('lists the shipped packs for any staff role, each marked as shipped', async () => {
    const res = await get('zx_charity', '/api/policies');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; source: string; region: string | null }>;
    expect(items.map((p) => p.id)).toEqual(
      expect.arrayContaining(['cn-base', 'zaozhuang-2024', 'jilin-2024', 'chongqing-2024']),
    );
    expect(items.every((p) => p.source === 'shipped')).toBe(true);
    expect(items.find((p) => p.id === 'zaozhuang-2024')).toMatchObject({
      region: '3704',
      extends: 'cn-base@1',
    });
  });

  it('shows a pack’s resolved values with what is inherited and what is an example value', async () => {
    const res = await get('zx_worker', '/api/policies/zaozhuang-2024/versions/1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.pack).toMatchObject({
      id: 'zaozhuang-2024',
      version: 1,
      source: 'shipped',
      file: 'zaozhuang.yaml',
    });
    expect(body.lineage.map((l: { id: string }) => l.id)).toEqual(['zaozhuang-2024', 'cn-base']);
    const byPath = new Map(body.values.map((v: { path: string }) => [v.path, v]));
    expect(byPath.get('standards.dibao.urban')).toMatchObject({
      value: 980,
      inherited: false,
      example: true,
      setBy: { id: 'zaozhuang-2024', version: 1 },
    });
    expect(byPath.get('tekun.elderlyAge')).toMatchObject({
      value: 60,
      inherited: true,
      example: false,
      setBy: { id: 'cn-base', version: 1 },
    });
    expect((byPath.get('tekun.elderlyAge') as { note: string }).note).toContain('特困人员认定办法');
    expect(body.content).toBe(zaozhuangYaml);
  });

  it('answers 404 for a version that does not exist', async () => {
    const res = await get('zx_worker', '/api/policies/zaozhuang-2024/versions/99');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('POLICY_NOT_FOUND');
  });

  it('compares two jurisdictions field by field', async () => {
    const res = await get('zx_worker', '/api/policies/diff?a=jilin-2024&b=chongqing-2024@1');
    expect(res.statusCode).toBe(200);
    const diff = res.json().differences as Array<{ path: string; a: unknown; b: unknown }>;
    expect(diff).toContainEqual({ path: 'edge.incomeMultiplier', a: 2, b: 1.5 });
    expect(diff.some((d) => d.path === 'tekun.elderlyAge')).toBe(false);
  });

  it('resolves the pack in force for a region and date', async () => {
    const res = await get('zx_worker', `/api/policies/resolve?region=${ZHONGXINJIE}&date=${DATE}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ date: DATE, pack: { id: 'zaozhuang-2024', version: 1 } });
  });
});

describe('what-if assessment', () => {
  it('answers the same result as the engine, with the explanation text', async () => {
    const household = dibaoHousehold();
    const res = await post('zx_worker', '/api/assess/what-if', household);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const { pack } = resolvePackFor(await loadCatalog(), ZHONGXINJIE, DATE);
    const expected = assess(parseHousehold(household), pack, DATE);
    expect(body.result).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body.result.category).toBe('dibao');
    expect(body.result.monthlyAllowance).toBe(2 * 980 - 800);
    expect(body.pack).toMatchObject({ id: 'zaozhuang-2024', version: 1, name: '枣庄市' });
    expect(body.explanationText).toContain('认定结果：最低生活保障（低保）');
    expect(body.explanationText).toContain('✓');
  });

  it('is not audited as a record read and stores nothing', async () => {
    const rows = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'assess%' AND result = 'ok'",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('answers 404 for a household outside the worker’s region, and audits the attempt', async () => {
    const res = await post('zx_worker', '/api/assess/what-if', dibaoHousehold(HUWEI));
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('试算甲');
    const denied = (await auditRows('assess.try')).filter((r) => r.actor_name === 'zx_worker');
    expect(denied).toHaveLength(1);
    expect(denied[0]!.result).toBe('denied');
    expect(JSON.stringify(denied[0])).not.toContain('试算甲');
  });

  it('is refused to a role without assess.try', async () => {
    const res = await post('zx_charity', '/api/assess/what-if', dibaoHousehold());
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('试算甲');
  });

  it('names the member and field of a bad ID number, in Chinese', async () => {
    const h = dibaoHousehold();
    const good = h.members[1]!.idNumber;
    const bad = `${good.slice(0, 17)}${good.endsWith('1') ? '2' : '1'}`;
    const res = await post('zx_worker', '/api/assess/what-if', {
      ...h,
      members: [h.members[0], { ...h.members[1], idNumber: bad }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().fields['members[1].idNumber']).toContain('校验码错误');
  });
});

describe('publishing a new version', () => {
  const raised = () =>
    zaozhuangYaml.replace('dibao: { urban: 980, rural: 800 }', 'dibao: { urban: 1000, rural: 820 }');

  it('publishes version N+1 from the text of version N, audited, and it applies from then on', async () => {
    const res = await post('zz_city', '/api/policies', { text: raised(), reason: '2025年低保标准调整' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      pack: { id: 'zaozhuang-2024', version: 2, source: 'published', publishedBy: 'zz_city', latest: true },
      requestedVersion: 1,
    });

    const [row] = await db.query<{ content: string; pack: { version: number }; reason: string }>(
      "SELECT content, pack, reason FROM policy_versions WHERE id = 'zaozhuang-2024'",
    );
    expect(row!.pack.version).toBe(2);
    expect(row!.content).toContain('version: 2');
    expect(row!.content).toContain('# 示例值'); // comments kept
    expect(row!.reason).toBe('2025年低保标准调整');

    const audits = await auditRows('policy.publish');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor_name: 'zz_city', object_id: 'zaozhuang-2024@2', result: 'ok' });
    expect(audits[0]!.changes).toMatchObject({ version: [1, 2], reason: '2025年低保标准调整' });

    // The same start date and a higher version: version 2 is now the pack in force.
    const resolved = await get('zx_worker', `/api/policies/resolve?region=${ZHONGXINJIE}&date=${DATE}`);
    expect(resolved.json().pack).toMatchObject({ id: 'zaozhuang-2024', version: 2 });
    const detail = (await get('zx_worker', '/api/policies/zaozhuang-2024/versions/2')).json();
    expect(detail.values.find((v: { path: string }) => v.path === 'standards.dibao.urban').value).toBe(1000);
    const whatIf = (await post('zx_worker', '/api/assess/what-if', dibaoHousehold())).json();
    expect(whatIf.result).toMatchObject({
      category: 'dibao',
      monthlyAllowance: 2000 - 800,
      policy: { version: 2 },
    });

    // Version 1 is unchanged and still readable.
    const v1 = (await get('zx_worker', '/api/policies/zaozhuang-2024/versions/1')).json();
    expect(v1.pack.latest).toBe(false);
    expect(v1.values.find((v: { path: string }) => v.path === 'standards.dibao.urban').value).toBe(980);
    const diff = (await get('zx_worker', '/api/policies/diff?a=zaozhuang-2024@1&b=zaozhuang-2024@2')).json();
    expect(diff.differences).toContainEqual({ path: 'standards.dibao.urban', a: 980, b: 1000 });
  });

  it('publishing again makes version 3, never a change to an existing version', async () => {
    const text = raised()
      .replace('version: 1', 'version: 2')
      .replace('minimumWage: 2010', 'minimumWage: 2100');
    const res = await post('zz_city', '/api/policies', { text, reason: '最低工资标准调整' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().pack.version).toBe(3);
    await expect(
      db.query("UPDATE policy_versions SET reason = 'x' WHERE id = 'zaozhuang-2024'"),
    ).rejects.toThrow();
  });

  it('lets a county admin publish a pack of their own county', async () => {
    const text = [
      'id: shizhong-2025',
      'region: "370402"',
      'name: 枣庄市市中区',
      'extends: zaozhuang-2024',
      'effectiveFrom: 2025-07-01',
      'standards:',
      '  dibao: { urban: 1050 } # 示例值',
      '',
    ].join('\n');
    const res = await post('szq_county', '/api/policies', { text, reason: '市中区提标' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      pack: { id: 'shizhong-2025', version: 1, region: '370402' },
      requestedVersion: null,
    });
    const resolved = await get('zx_worker', `/api/policies/resolve?region=${ZHONGXINJIE}&date=2025-08-01`);
    expect(resolved.json().pack.id).toBe('shizhong-2025');
  });

  it('answers an invalid pack with 422 and the Chinese error of each field', async () => {
    const bad = raised().replace('minimumWage: 2010', 'minimumWage: -5');
    const res = await post('zz_city', '/api/policies', {
      text: bad.replace('dibao: { urban: 1000, rural: 820 }', 'dibao: { urban: 1000, rural: 820, town: 1 }'),
      reason: '测试',
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('POLICY_INVALID');
    expect(body.fields['standards.minimumWage']).toMatch(/正数|大于/);
    expect(Object.keys(body.fields).some((k) => k.startsWith('standards.dibao'))).toBe(true);
    expect(body.message).toContain('standards.minimumWage');
    expect(
      await db.query("SELECT 1 FROM policy_versions WHERE version > 3 AND id = 'zaozhuang-2024'"),
    ).toHaveLength(0);
  });

  it('names the field of an error found after inheritance', async () => {
    const res = await post('zz_city', '/api/policies', {
      text: raised().replace('extends: cn-base@1', 'extends: no-such-pack'),
      reason: '测试',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().fields.extends).toContain('父参数包 no-such-pack 不存在');
  });

  it('reports a YAML syntax error with its line', async () => {
    const res = await post('zz_city', '/api/policies', {
      text: 'id: a-b\nname: [unclosed\n',
      reason: '测试',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/第\d+行/);
  });

  it('refuses a town worker and a town-level admin', async () => {
    for (const user of ['zx_worker', 'zx_town_admin']) {
      const res = await post(user, '/api/policies', { text: raised(), reason: '越权' });
      expect(res.statusCode, user).toBe(403);
    }
    expect((await post('zx_charity', '/api/policies', { text: raised(), reason: '越权' })).statusCode).toBe(
      403,
    );
  });

  it('refuses a county admin publishing for another county or for the city above', async () => {
    const other = await post('nongan_county', '/api/policies', { text: raised(), reason: '越权' });
    expect(other.statusCode).toBe(403);
    const own = await post('szq_county', '/api/policies', {
      text: raised().replace('region: "3704"', 'region: "370402"'),
      reason: '越权',
    });
    expect(own.statusCode).toBe(403); // a new version of the city's pack, even narrowed to the county
    const count = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM policy_versions WHERE id = 'zaozhuang-2024'",
    );
    expect(count[0]!.n).toBe(2);
    const denied = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'policy.publish' AND result = 'denied'",
    );
    expect(denied[0]!.n).toBeGreaterThanOrEqual(5);
  });

  it('gives two publishers at the same time two consecutive versions', async () => {
    const text = (wage: number) =>
      `id: shizhong-2025\nregion: "370402"\nname: 枣庄市市中区\nextends: zaozhuang-2024\neffectiveFrom: 2025-07-01\nstandards: { minimumWage: ${wage} }\n`;
    const [x, y] = await Promise.all([
      post('szq_county', '/api/policies', { text: text(2100), reason: '甲' }),
      post('zz_city', '/api/policies', { text: text(2200), reason: '乙' }),
    ]);
    expect([x!.statusCode, y!.statusCode]).toEqual([201, 201]);
    expect([x!.json().pack.version, y!.json().pack.version].sort()).toEqual([2, 3]);
  });

  it('lists published versions beside the shipped ones', async () => {
    const items = (await get('zx_charity', '/api/policies')).json().items as Array<{
      id: string;
      version: number;
      source: string;
      reason: string | null;
    }>;
    const zz = items.filter((p) => p.id === 'zaozhuang-2024');
    expect(zz.map((p) => [p.version, p.source])).toEqual([
      [1, 'shipped'],
      [2, 'published'],
      [3, 'published'],
    ]);
    expect(zz[1]!.reason).toBe('2025年低保标准调整');
  });
});
