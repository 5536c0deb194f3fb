/**
 * Registry import on a real database: row-level Chinese errors with row numbers while good rows are
 * committed, idempotency (the same file twice changes nothing), updates and moves, XLSX with English
 * headers, GBK-encoded CSV, scope, and the upload route.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, testApp, testContext } from '../../../test/helpers/app.ts';
import { freshIdNumber } from '../../../test/helpers/registry-factory.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import type { RegionCode } from '../../core/region-code.ts';
import { csvRow } from '../../db/csv.ts';
import type { AppContext } from '../../server/context.ts';
import { type Actor, SYSTEM_ACTOR } from '../access/index.ts';
import { importRegistry } from './service.ts';
import { templateCsv, templateXlsx } from './template-file.ts';

const V1 = '370402001013'; // 铁西居委会, 中心街街道
const V2 = '370402001016'; // 新风里回族社区居委会
let db: TestDb;
let ctx: AppContext;
let dir: string;
let app: FastifyInstance;

const HEAD = [
  '户编号',
  '行政区划代码',
  '城乡类别',
  '家庭住址',
  '身份证号',
  '姓名',
  '与户主关系',
  '月收入',
  '劳动能力',
  '残疾等级',
  '残疾类别',
  '救助类别',
];
const ids = {
  a1: freshIdNumber('370402', 1950),
  a2: freshIdNumber('370402', 1952, 'female'),
  a3: makeIdNumber('370402', '2012-05-06', 12),
  b1: freshIdNumber('370402', 1940),
  c1: freshIdNumber('370402', 1970),
};
const badChecksum = `${ids.c1.slice(0, 17)}${ids.c1.endsWith('0') ? '1' : '0'}`;

function rows(overrides: Record<string, string[]> = {}): string[][] {
  const base: Record<string, string[]> = {
    a1: ['T-0001', V1, '城市', '铁西1号', ids.a1, '孙大成', '户主', '300', '无劳动能力', '2', '肢体', '低保'],
    a2: ['T-0001', V1, '城市', '铁西1号', ids.a2, '钱小芳', '配偶', '0', '部分', '', '', ''],
    a3: ['T-0001', V1, '城市', '铁西1号', ids.a3, '孙小宝', '子女', '', '无', '', '', ''],
    b1: ['T-0002', V2, '', '', ids.b1, '周老汉', '户主', '100', '无', '', '', '特困'],
    bad1: ['T-0003', V1, '城市', '铁西3号', badChecksum, '吴错号', '户主', '100', '无', '', '', '低保'],
    bad2: [
      'T-0004',
      '370402009999',
      '城市',
      '铁西4号',
      ids.c1,
      '郑无村',
      '户主',
      '100',
      '无',
      '',
      '',
      '低保',
    ],
    bad3: [
      'T-0005',
      V1,
      '城市',
      '铁西5号',
      freshIdNumber('370402', 1980),
      '王半劳',
      '户主',
      '100',
      '半劳力',
      '',
      '',
      '低保',
    ],
  };
  return Object.entries({ ...base, ...overrides }).map(([, r]) => r);
}

async function csvFile(name: string, data: string[][], header = HEAD): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, [header, ...data].map((r) => csvRow(r)).join(''));
  return path;
}

const counts = async () =>
  (
    await db.query<{ h: number; p: number; hist: number; v: number }>(
      `SELECT (SELECT count(*) FROM households)::int AS h, (SELECT count(*) FROM persons)::int AS p,
         (SELECT count(*) FROM attribute_history)::int AS hist, (SELECT sum(version) FROM households)::int AS v`,
    )
  )[0]!;

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  ctx = testContext(db);
  dir = await mkdtemp(join(tmpdir(), 'doudi-import-'));
  await makeUser(ctx, 'w_zxj', 'town_worker', '370402001000');
  await makeUser(ctx, 'w_wenhua', 'town_worker', '370402002000');
  app = await testApp(ctx);
});
afterAll(async () => {
  await app.close();
  await db.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('registry import', () => {
  it('commits the good rows and reports each bad one with its row number, in Chinese', async () => {
    const path = await csvFile('roster.csv', rows());
    const r = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, path);
    expect(r.rows).toBe(7);
    expect(r.ok).toBe(4);
    expect(r.failed).toBe(3);
    expect(r.errors).toEqual([
      { row: 6, message: '身份证号校验码错误' },
      { row: 7, message: '行政区划代码 370402009999 不存在或不是村（居）一级' },
      { row: 8, message: '劳动能力“半劳力”无效' },
    ]);
    expect(r.counts).toMatchObject({ householdsCreated: 2, personsCreated: 4, categoriesAdded: 2 });
    const [h] = await db.query<{ head: string; cat: string; residence: string }>(
      `SELECT p.name AS head, c.category AS cat, h.residence FROM households h JOIN persons p ON p.id = h.head_person_id
       JOIN category_assignments c ON c.household_id = h.id WHERE h.household_no = 'T-0001'`,
    );
    expect(h).toEqual({ head: '孙大成', cat: 'dibao', residence: 'urban' });
    // 特困 is per person; the residence of T-0002 comes from its village code (居委会 → urban).
    const [t] = await db.query<{ person_id: number | null; residence: string }>(
      `SELECT c.person_id, h.residence FROM category_assignments c JOIN households h ON h.id = c.household_id
       WHERE h.household_no = 'T-0002'`,
    );
    expect(t!.person_id).not.toBeNull();
    expect(t!.residence).toBe('urban');
    const stats = await db.query<{ people: number }>(
      `SELECT people FROM stats_village_category WHERE village_code = $1 AND category = '_all'`,
      [V1],
    );
    expect(stats[0]!.people).toBe(3);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await counts();
    const path = join(dir, 'roster.csv');
    const r = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, path);
    expect(r.counts).toEqual({
      householdsCreated: 0,
      householdsUpdated: 0,
      personsCreated: 0,
      personsUpdated: 0,
      personsMoved: 0,
      categoriesAdded: 0,
      categoriesEnded: 0,
    });
    expect(await counts()).toEqual(before);
  });

  it('updates changed facts with history, moves people between households and changes categories', async () => {
    const changed = rows({
      a2: ['T-0002', V2, '', '', ids.a2, '钱小芳', '配偶', '0', '部分', '', '', ''],
      a1: [
        'T-0001',
        V1,
        '城市',
        '铁西1号',
        ids.a1,
        '孙大成',
        '户主',
        '450.5',
        '无劳动能力',
        '2',
        '肢体',
        '低保边缘',
      ],
    });
    const r = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, await csvFile('roster2.csv', changed));
    expect(r.counts).toMatchObject({
      personsUpdated: 1,
      personsMoved: 1,
      categoriesAdded: 1,
      categoriesEnded: 1,
    });
    expect(r.counts.householdsUpdated).toBe(2);
    const hist = await db.query<{ field: string; old_value: unknown; new_value: unknown; source: string }>(
      `SELECT field, old_value, new_value, source FROM attribute_history WHERE field IN ('monthlyIncome', 'household')
       ORDER BY id`,
    );
    expect(hist[0]).toMatchObject({
      field: 'monthlyIncome',
      old_value: 300,
      new_value: 450.5,
      source: 'registry_import',
    });
    expect(hist.filter((x) => x.field === 'household')).toHaveLength(2);
    const [m] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM memberships ms JOIN persons p ON p.id = ms.person_id WHERE p.name = '钱小芳'`,
    );
    expect(m!.n).toBe(2);
  });

  it('reads XLSX with English headers and refuses an ID number stored as a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(['household_no', 'region_code', 'id_number', 'name', 'relation', 'labor_capacity', 'category']);
    ws.addRow(['X-0001', V1, freshIdNumber('370402', 1966), '冯英文', 'head', 'full', 'other']);
    ws.addRow(['X-0002', V1, 370402196601010000, '冯数字', 'head', 'full', 'other']);
    const path = join(dir, 'english.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, path);
    expect(r.ok).toBe(1);
    expect(r.errors).toEqual([
      { row: 3, message: '身份证号须以文本格式填写（当前为数字，末几位可能已丢失）' },
    ]);
  });

  it('reads a CSV saved by Excel in GBK', async () => {
    const text = [
      HEAD,
      [
        'G-0001',
        V1,
        '城市',
        '铁西9号',
        freshIdNumber('370402', 1958),
        '褚国标',
        '户主',
        '',
        '无',
        '',
        '',
        '低保',
      ],
    ]
      .map((r) => csvRow(r))
      .join('');
    const path = join(dir, 'gbk.csv');
    await writeFile(path, Buffer.from(new Uint8Array(await gbk(text))));
    const r = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, path);
    expect(r.ok).toBe(1);
    const [p] = await db.query<{ name: string }>(
      "SELECT p.name FROM persons p JOIN households h ON h.id = p.household_id WHERE h.household_no = 'G-0001'",
    );
    expect(p!.name).toBe('褚国标');
  });

  it('refuses rows outside the importer’s scope', async () => {
    const u = (await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'w_wenhua'"))[0]!;
    const actor: Actor = {
      kind: 'user',
      userId: u.id,
      username: 'w_wenhua',
      displayName: '文化路经办人',
      role: 'town_worker',
      regionCode: '370402002000' as RegionCode,
      department: null,
    };
    const path = await csvFile('scope.csv', [
      [
        'S-0001',
        V1,
        '城市',
        '铁西',
        freshIdNumber('370402', 1977),
        '越界者',
        '户主',
        '',
        '无',
        '',
        '',
        '低保',
      ],
    ]);
    const r = await importRegistry(db, ctx.keys, actor, path);
    expect(r.ok).toBe(0);
    expect(r.errors[0]!.message).toBe(`行政区划代码 ${V1} 不在您的辖区内`);
  });

  it('the template imports cleanly (its example rows are valid)', async () => {
    const csv = join(dir, 'template.csv');
    await writeFile(csv, templateCsv());
    const xlsx = join(dir, 'template.xlsx');
    await writeFile(xlsx, await templateXlsx());
    const a = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, csv);
    expect(a).toMatchObject({ ok: 2, failed: 0 });
    const b = await importRegistry(db, ctx.keys, SYSTEM_ACTOR, xlsx);
    expect(b).toMatchObject({ ok: 2, failed: 0 });
    expect(b.counts.personsCreated).toBe(0);
  });

  it('uploads through the API and reports, and keeps the report for later', async () => {
    const cookie = await loginCookie(app, 'w_zxj');
    const boundary = '----doudi-test';
    const file =
      csvRow(HEAD) +
      csvRow([
        'U-0001',
        V1,
        '城市',
        '铁西',
        freshIdNumber('370402', 1991),
        '上传者',
        '户主',
        '',
        '有',
        '',
        '',
        '其他',
      ]);
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名册.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/registry/imports?wait=true',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(body),
    });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job.report).toMatchObject({ fileName: '名册.csv', ok: 1, failed: 0 });
    const again = await app.inject({
      method: 'GET',
      url: `/api/registry/imports/${job.id}`,
      headers: { cookie },
    });
    expect(again.json().report.ok).toBe(1);
    const list = await app.inject({ method: 'GET', url: '/api/registry/imports', headers: { cookie } });
    expect(list.json().items[0].fileName).toBe('名册.csv');
    const tpl = await app.inject({ method: 'GET', url: '/api/registry/template', headers: { cookie } });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
  });
});

/** GBK bytes of a string (the test builds the file Excel would save; decoding is what is tested). */
async function gbk(text: string): Promise<Uint8Array> {
  // Node has no GBK encoder; build the table from the decoder for the characters used.
  const out: number[] = [];
  const decoder = new TextDecoder('gbk');
  const cache = new Map<string, number[]>();
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    let bytes = cache.get(ch);
    if (!bytes) {
      search: for (let b1 = 0x81; b1 <= 0xfe; b1++) {
        for (let b2 = 0x40; b2 <= 0xfe; b2++) {
          if (decoder.decode(new Uint8Array([b1, b2])) === ch) {
            bytes = [b1, b2];
            break search;
          }
        }
      }
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      cache.set(ch, bytes);
    }
    out.push(...bytes);
  }
  return new Uint8Array(out);
}
