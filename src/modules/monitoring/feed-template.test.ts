/**
 * Feed templates over HTTP: every feed type's template, CSV and XLSX, has the Chinese headers and one
 * example row, and uploading it unchanged goes through the feed import with no row error.
 */
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCookie, makeUser, testApp, testContext } from '../../../test/helpers/app.ts';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { isIdNumber } from '../../core/id-number.ts';
import { type ColumnSpec, FEED_TYPES, FEEDS } from './feeds/feed-types.ts';

let db: TestDb;
let app: FastifyInstance;
let cookie: string;

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  const ctx = testContext(db);
  await makeUser(ctx, 'tpl_dept', 'department', '370402000000', 'health' as never);
  app = await testApp(ctx);
  cookie = await loginCookie(app, 'tpl_dept');
});
afterAll(async () => {
  await app.close();
  await db.dispose();
});

const download = (type: string, format?: string) =>
  app.inject({
    method: 'GET',
    url: `/api/feeds/types/${type}/template${format ? `?format=${format}` : ''}`,
    headers: { cookie },
  });

function multipart(fileName: string, content: Buffer) {
  const boundary = '----doudi-template-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (type: string, fileName: string, content: Buffer) => {
  const up = multipart(fileName, content);
  return app.inject({
    method: 'POST',
    url: `/api/feeds/${type}/upload?wait=true`,
    headers: { ...up.headers, cookie },
    payload: up.payload,
  });
};

describe('feed templates', () => {
  it.each(FEED_TYPES)('the %s template (CSV, then XLSX) imports with no row error', async (type) => {
    const columns = FEEDS[type].columns as readonly ColumnSpec[];
    const headers = columns.map((c) => (c.required ? `${c.zh}*` : c.zh));

    const csv = await download(type, 'csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="${type}-template.csv"; filename*=UTF-8''${encodeURIComponent(`${FEEDS[type].zh}数据导入模板.csv`)}`,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(headers.join(','));
    expect(isIdNumber(lines[1]!.split(',')[0]!)).toBe(true);

    const fromCsv = await upload(type, `${type}-template.csv`, csv.rawPayload);
    expect(fromCsv.statusCode).toBe(201);
    expect(fromCsv.json()).toMatchObject({
      errors: [],
      batch: {
        status: 'done',
        fileError: null,
        progress: { rowsRead: 1 },
        counts: { rejected: 0, added: 1 },
      },
    });

    const xlsx = await download(type, 'xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual([`${FEEDS[type].zh}数据`, '填写说明']);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, ...headers]);
    expect(wb.worksheets[0]!.rowCount).toBe(2);

    // The same example row: read with no error, and known already from the CSV.
    const fromXlsx = await upload(type, `${type}-template.xlsx`, xlsx.rawPayload);
    expect(fromXlsx.statusCode).toBe(201);
    expect(fromXlsx.json()).toMatchObject({
      errors: [],
      batch: {
        status: 'done',
        fileError: null,
        progress: { rowsRead: 1 },
        counts: { rejected: 0, added: 0, duplicate: 1 },
      },
    });
  });

  it('answers XLSX by default and refuses an unknown feed type', async () => {
    const r = await download('death');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain('filename="death-template.xlsx"');
    expect((await download('pets', 'csv')).statusCode).toBe(400);
    expect((await download('death', 'pdf')).statusCode).toBe(400);
  });
});
