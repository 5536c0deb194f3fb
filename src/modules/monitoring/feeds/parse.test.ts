import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../core/dates.ts';
import { makeIdNumber } from '../../../core/id-number.ts';
import { encodeGbk, encodeUtf16le } from './__fixtures__/encodings.ts';
import {
  type Cell,
  chineseName,
  chunksOf,
  collect,
  HASH_KEY,
  ID_A,
  ID_B,
  ID_BAD_CHECKSUM,
  ID_C,
  streamedXlsxBuffer,
  xlsxBuffer,
} from './__fixtures__/files.ts';
import { FeedFileError } from './header.ts';
import { type FeedFileInfo, parseFeed } from './parse.ts';
import { rowHash } from './row-hash.ts';
import { validateFeedObject } from './validate.ts';

async function fileError(promise: Promise<unknown>): Promise<FeedFileError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(FeedFileError);
    return e as FeedFileError;
  }
  throw new Error('expected a FeedFileError');
}

describe('headers', () => {
  it('reads Chinese headers', async () => {
    const { rows } = await collect('death', `身份证号码,姓名,死亡日期\n${ID_A},张三,2025-01-18\n`);
    expect(rows).toEqual([
      {
        rowNumber: 2,
        row: { id_number: ID_A, name: '张三', death_date: '2025-01-18' },
        hash: expect.any(String),
      },
    ]);
  });

  it('reads English headers in any case and spacing, in any column order, ignoring extra columns', async () => {
    const csv = `Remark,Death Date,NAME,id_number\n备注,2025-01-18,张三,${ID_A}\n`;
    const info: FeedFileInfo[] = [];
    const { rows } = await collect('death', csv, { onFileInfo: (i) => info.push(i) });
    expect(rows[0]?.row).toEqual({ id_number: ID_A, name: '张三', death_date: '2025-01-18' });
    expect(info).toEqual([{ format: 'csv', encoding: 'utf-8', headerRow: 1, ignoredHeaders: ['Remark'] }]);
  });

  it.each(['公民身份号码', '证件号码', '身份证号', '*身份证件号码', 'ID Number', 'id_no'])(
    'accepts %s for the ID number',
    async (header) => {
      const { rows } = await collect(
        'unemployment',
        `${header},姓名,失业登记日期\n${ID_A},张三,2025-02-03\n`,
      );
      expect(rows.map((r) => r.row.id_number)).toEqual([ID_A]);
    },
  );

  it('accepts units in brackets and synonyms of other columns', async () => {
    const csv = `证件号码,姓 名,灾种,直接经济损失（元）,受灾日期\n${ID_A},张三,洪涝,"35,000.00",2024-07-12\n`;
    const { rows } = await collect('disaster', csv);
    expect(rows[0]?.row).toEqual({
      id_number: ID_A,
      name: '张三',
      disaster_type: '洪涝',
      loss_amount: 3_500_000,
      occurred_on: '2024-07-12',
    });
  });

  it('skips title rows above the header', async () => {
    const csv = `2025年1月死亡人员名单,,\n填报单位：某某派出所,,\n身份证号码,姓名,死亡日期\n${ID_A},张三,2025-01-18\n`;
    const { rows } = await collect('death', csv);
    expect(rows.map((r) => r.rowNumber)).toEqual([4]);
  });

  it('fails the whole file up front, naming every missing required column in Chinese', async () => {
    const csv = `身份证号码,姓名,总费用\n${ID_A},张三,100\n`;
    const e = await fileError(collect('medical_selfpay', csv));
    expect(e.kind).toBe('missing_columns');
    expect(e.detail).toBe('“医保自付”文件缺少必填列：结算日期（settled_on）、个人自付（self_pay）');
    expect(e.message).toContain('结算日期');
  });

  it('names the ID number and name columns when no row looks like a header', async () => {
    const e = await fileError(collect('death', `编号,死亡日期\n1,2025-01-18\n`));
    expect(e.detail).toBe('“死亡”文件缺少必填列：身份证号码（id_number）、姓名（name）');
  });

  it('names what the best header candidate lacks when a title row comes first', async () => {
    const e = await fileError(collect('death', `死亡人员名单,,\n身份证号码,死亡日期\n${ID_A},2025-01-18\n`));
    expect(e.detail).toBe('“死亡”文件缺少必填列：姓名（name）');
  });

  it('refuses a header that names a column twice', async () => {
    const e = await fileError(
      collect('death', `身份证号码,证件号码,姓名,死亡日期\n${ID_A},${ID_A},张三,2025-01-18\n`),
    );
    expect(e.kind).toBe('duplicate_column');
    expect(e.detail).toContain('身份证号码（id_number）');
  });

  it('refuses an empty file, a legacy .xls and a PDF', async () => {
    expect((await fileError(collect('death', ''))).kind).toBe('empty');
    expect((await fileError(collect('death', '\n\n'))).kind).toBe('empty');
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await fileError(collect('death', xls))).detail).toContain('.xls');
    expect((await fileError(collect('death', Buffer.from('%PDF-1.7\n')))).kind).toBe('format');
  });
});

describe('encodings and delimiters', () => {
  const text = `身份证号码,姓名,死亡日期\n${ID_A},张三,2025-01-18\n${ID_B},欧阳娜娜,2025-01-20\n`;
  const expected = [
    { id_number: ID_A, name: '张三', death_date: '2025-01-18' },
    { id_number: ID_B, name: '欧阳娜娜', death_date: '2025-01-20' },
  ];

  it('reads UTF-8 with a BOM (Excel “CSV UTF-8”)', async () => {
    const info: FeedFileInfo[] = [];
    const { rows } = await collect('death', `\uFEFF${text}`, { onFileInfo: (i) => info.push(i) }, 2);
    expect(rows.map((r) => r.row)).toEqual(expected);
    expect(info[0]?.encoding).toBe('utf-8');
  });

  it('reads GBK (Chinese Excel “CSV（逗号分隔）”) as GB18030, with CRLF line ends', async () => {
    const info: FeedFileInfo[] = [];
    const gbk = encodeGbk(text.replaceAll('\n', '\r\n'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const { rows } = await collect('death', gbk, { onFileInfo: (i) => info.push(i) }, 5);
    expect(rows.map((r) => r.row)).toEqual(expected);
    expect(info[0]?.encoding).toBe('gb18030');
  });

  it('reads UTF-16 with a BOM, tab-separated (Excel “Unicode 文本”)', async () => {
    const { rows } = await collect('death', encodeUtf16le(text.replaceAll(',', '\t')));
    expect(rows.map((r) => r.row)).toEqual(expected);
  });

  it('reads semicolon-separated files', async () => {
    const { rows } = await collect('death', text.replaceAll(',', ';'));
    expect(rows.map((r) => r.row)).toEqual(expected);
  });

  it('gives the same hash to the same rows in UTF-8 and GBK', async () => {
    const a = await collect('death', text);
    const b = await collect('death', encodeGbk(text));
    expect(b.rows.map((r) => r.hash)).toEqual(a.rows.map((r) => r.hash));
  });

  it('stops with a clear Chinese message when UTF-8 turns into GBK further down', async () => {
    const utf8Head = `身份证号码,姓名,死亡日期\n${`${ID_A},${'张'.repeat(20)},2025-01-18\n`.repeat(200)}`;
    const data = Buffer.concat([Buffer.from(utf8Head, 'utf8'), encodeGbk(`${ID_B},李四,2025-01-20\n`)]);
    const e = await fileError(collect('death', data, {}, 64 * 1024));
    expect(e.kind).toBe('encoding');
    expect(e.detail).toContain('UTF-8');
  });

  it('stops with a Chinese message on an unclosed quote', async () => {
    const e = await fileError(collect('death', `身份证号码,姓名,死亡日期\n${ID_A},"张三,2025-01-18\n`));
    expect(e.kind).toBe('format');
    expect(e.detail).toContain('引号未闭合');
  });
});

describe('rows', () => {
  it('rejects bad rows with their row number and reason in Chinese and keeps the good ones', async () => {
    const csv = [
      '身份证号码,姓名,结算日期,总费用,个人自付',
      `${ID_A},张三,2025-02-11,38650.00,12480.50`,
      `${ID_BAD_CHECKSUM},李四,2025-02-11,100,50`,
      `${ID_B},王五,2024-02-30,100,50`,
      `${ID_C},赵六,2025-02-11,100,-5`,
      `${ID_C},赵六,,100,`,
      `${ID_C},赵六,2025-02-11,100,120`,
      `${ID_B},,2025-02-11,,20`,
      '',
      `${ID_C},赵六,2025-02-12,,0`,
    ].join('\n');
    const { rows, items } = await collect('medical_selfpay', csv);
    expect(rows.map((r) => [r.rowNumber, r.row.self_pay, r.row.total_cost])).toEqual([
      [2, 1_248_050, 3_865_000],
      [10, 0, null],
    ]);
    expect(items.filter((i) => 'errors' in i)).toEqual([
      { rowNumber: 3, errors: ['第3行：身份证号码校验码错误'] },
      { rowNumber: 4, errors: ['第4行：结算日期“2024-02-30”不是有效日期（应为 YYYY-MM-DD）'] },
      { rowNumber: 5, errors: ['第5行：个人自付“-5”不能为负数'] },
      { rowNumber: 6, errors: ['第6行：结算日期为空', '第6行：个人自付为空'] },
      { rowNumber: 7, errors: ['第7行：个人自付 120.00 元大于总费用 100.00 元'] },
      { rowNumber: 8, errors: ['第8行：姓名为空'] },
    ]);
  });

  it('counts rows as Excel shows them: blank lines count, a quoted line break does not', async () => {
    const csv = `身份证号码,姓名,疾病名称,确诊日期\n\n${ID_A},张三,"急性\n白血病",2025-01-07\n${ID_B},李四,尿毒症,2025-13-01\n`;
    const { rows, errors } = await collect('serious_illness', csv);
    expect(rows.map((r) => [r.rowNumber, r.row.diagnosis])).toEqual([[3, '急性 白血病']]);
    expect(errors).toEqual(['第4行：确诊日期“2025-13-01”不是有效日期（应为 YYYY-MM-DD）']);
  });

  it('reads enum columns by Chinese name, alias or code', async () => {
    const csv = [
      '身份证号码,姓名,残疾等级,残疾类别,发证日期',
      `${ID_A},张三,二级,肢体残疾,2024-12-20`,
      `${ID_B},李四,3,精神,2024-12-20`,
      `${ID_C},王五,四级,intellectual,2024-12-20`,
      `${ID_C},王五,五级,视力,2024-12-20`,
    ].join('\n');
    const { rows, errors } = await collect('disability', csv);
    expect(rows.map((r) => [r.row.grade, r.row.type])).toEqual([
      ['2', 'physical'],
      ['3', 'mental'],
      ['4', 'intellectual'],
    ]);
    expect(errors).toEqual(['第5行：残疾等级“五级”无效，应为：一级、二级、三级、四级']);
  });

  it('refuses dates after `today` when given', async () => {
    const { errors } = await collect('death', `身份证号码,姓名,死亡日期\n${ID_A},张三,2025-03-02\n`, {
      today: '2025-03-01' as IsoDate,
    });
    expect(errors).toEqual(['第2行：死亡日期“2025-03-02”晚于今天（2025-03-01）']);
  });

  it('validates rows pushed as objects with Chinese or English keys', () => {
    const a = validateFeedObject('death', { 身份证号码: ID_A, 姓名: '张三', 死亡日期: '2025/1/18' }, 1, {
      hashKey: HASH_KEY,
    });
    const b = validateFeedObject('death', { id_number: ID_A, name: '张三', death_date: '2025-01-18' }, 1, {
      hashKey: HASH_KEY,
    });
    expect(a).toEqual(b);
    expect(validateFeedObject('death', { id_number: ID_A, name: '张三' }, 7, { hashKey: HASH_KEY })).toEqual({
      rowNumber: 7,
      errors: ['第7行：死亡日期为空'],
    });
  });
});

describe('content hash', () => {
  const csv = `身份证号码,姓名,灾害类型,损失金额,发生日期\n${ID_A},张三,洪涝,35000,2024-07-12\n`;

  it('is the same for the same fact written differently', async () => {
    const a = await collect('disaster', csv);
    const b = await collect(
      'disaster',
      `发生日期,损失金额（元）,灾害类型,姓名,公民身份号码\n2024/7/12,"35,000.00", 洪涝 ,张三,${ID_A.toLowerCase()}\n`,
    );
    expect(a.rows[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.rows[0]?.hash).toBe(a.rows[0]?.hash);
    expect(rowHash('disaster', a.rows[0]!.row, HASH_KEY)).toBe(a.rows[0]?.hash);
  });

  it('changes with any value, the feed type and the key', async () => {
    const base = (await collect('disaster', csv)).rows[0]!.hash;
    const other = (await collect('disaster', csv.replace('35000', '35000.01'))).rows[0]!.hash;
    const otherKey = (await collect('disaster', csv, { hashKey: Buffer.alloc(32, 1) })).rows[0]!.hash;
    expect(new Set([base, other, otherKey]).size).toBe(3);
    const death = (await collect('death', `身份证号码,姓名,死亡日期\n${ID_A},张三,2024-07-12\n`)).rows[0]!
      .hash;
    const unemployment = (
      await collect('unemployment', `身份证号码,姓名,登记日期\n${ID_A},张三,2024-07-12\n`)
    ).rows[0]!.hash;
    expect(death).not.toBe(unemployment);
  });

  it('tells apart two settlements of one day by their settlement number', async () => {
    const text = `身份证号码,姓名,结算日期,个人自付,结算单号\n${ID_A},张三,2025-02-11,50,A1\n${ID_A},张三,2025-02-11,50,A2\n`;
    const { rows } = await collect('medical_selfpay', text);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(2);
  });
});

describe('XLSX', () => {
  it('reads the first worksheet: dates, numbers, text IDs; a title row before the header', async () => {
    const buf = await xlsxBuffer(
      [
        ['2024年受灾人员损失统计表'],
        ['公民身份号码', '姓名', '灾害类型', '损失金额（元）', '发生日期'],
        [ID_A, '张三', '洪涝', 35000, new Date(Date.UTC(2024, 6, 12))],
        [ID_B, '李四', '风雹', '1,200.5', '2024/7/13'],
        [ID_C, '王五', '洪涝', -1, '2024-02-30'],
      ],
      { extraSheet: true, textColumns: [1] },
    );
    const info: FeedFileInfo[] = [];
    const { rows, errors } = await collect('disaster', buf, { onFileInfo: (i) => info.push(i) }, 1024);
    expect(rows.map((r) => [r.rowNumber, r.row])).toEqual([
      [
        3,
        {
          id_number: ID_A,
          name: '张三',
          disaster_type: '洪涝',
          loss_amount: 3_500_000,
          occurred_on: '2024-07-12',
        },
      ],
      [
        4,
        {
          id_number: ID_B,
          name: '李四',
          disaster_type: '风雹',
          loss_amount: 120_050,
          occurred_on: '2024-07-13',
        },
      ],
    ]);
    expect(errors).toEqual([
      '第5行：损失金额“-1”不能为负数',
      '第5行：发生日期“2024-02-30”不是有效日期（应为 YYYY-MM-DD）',
    ]);
    expect(info).toEqual([{ format: 'xlsx', encoding: null, headerRow: 2, ignoredHeaders: [] }]);
  });

  it('gives a row the same hash in XLSX as in CSV', async () => {
    const buf = await xlsxBuffer([
      ['身份证号码', '姓名', '死亡日期'],
      [ID_A, '张三', new Date(Date.UTC(2025, 0, 18))],
    ]);
    const x = await collect('death', buf);
    const c = await collect('death', `身份证号码,姓名,死亡日期\n${ID_A},张三,2025-01-18\n`);
    expect(x.rows[0]?.hash).toBe(c.rows[0]?.hash);
  });

  it('explains an ID number Excel stored as a number', async () => {
    const buf = await xlsxBuffer([
      ['身份证号码', '姓名', '死亡日期'],
      [Number(ID_B.slice(0, 17)) * 10, '李四', '2025-01-18'],
    ]);
    const { errors } = await collect('death', buf);
    expect(errors).toEqual([
      '第2行：身份证号码在表格中被存成了数字，末几位已丢失，请把该列设为“文本”格式后重新导出',
    ]);
  });

  it('fails the file when a required column is missing', async () => {
    const buf = await xlsxBuffer([
      ['身份证号码', '姓名', '残疾等级'],
      [ID_A, '张三', '一级'],
    ]);
    const e = await fileError(collect('disability', buf));
    expect(e.detail).toBe('“残疾人证”文件缺少必填列：残疾类别（type）、发证日期（certified_on）');
  });

  it('refuses a damaged workbook with a Chinese message', async () => {
    const buf = await xlsxBuffer([['身份证号码', '姓名', '死亡日期']]);
    const e = await fileError(collect('death', buf.subarray(0, 200)));
    expect(e.kind).toBe('format');
  });
});

describe('inputs', () => {
  it('reports bytes read and accepts string chunks', async () => {
    const seen: number[] = [];
    const text = `身份证号码,姓名,死亡日期\n${ID_A},张三,2025-01-18\n`;
    async function* strings() {
      yield text.slice(0, 10);
      yield text.slice(10);
    }
    let n = 0;
    for await (const _ of parseFeed('death', strings(), { hashKey: HASH_KEY, onBytes: (b) => seen.push(b) }))
      n++;
    expect(n).toBe(1);
    expect(seen.at(-1)).toBe(Buffer.byteLength(text));
  });

  it('stops reading when the consumer stops', async () => {
    let pulled = 0;
    async function* counted() {
      for await (const c of chunksOf(
        `身份证号码,姓名,死亡日期\n${`${ID_A},张三,2025-01-18\n`.repeat(50_000)}`,
        4096,
      )) {
        pulled++;
        yield c;
      }
    }
    for await (const _ of parseFeed('death', counted(), { hashKey: HASH_KEY })) break;
    expect(pulled).toBeLessThan(100);
  });
});

describe('XLSX with dense Chinese text (exceljs chunk-boundary decoding)', () => {
  const rows: Cell[][] = [['身份证号码', '姓名', '疾病名称', '确诊日期']];
  for (let i = 0; i < 3000; i++) {
    rows.push([
      makeIdNumber('370402', '1970-01-01', i % 1000),
      chineseName(i),
      '慢性肾功能衰竭尿毒症期',
      '2025-01-07',
    ]);
  }

  it.each([
    ['shared strings, 64 KiB input chunks', true, 64 * 1024],
    ['shared strings, 7-byte input chunks', true, 7],
    ['inline strings, 64 KiB input chunks', false, 64 * 1024],
    ['inline strings, 7-byte input chunks', false, 7],
  ])('never splits a character: %s', async (_, shared, chunk) => {
    const buf = await streamedXlsxBuffer(rows, shared);
    const { rows: parsed, errors } = await collect('serious_illness', buf, {}, chunk);
    expect(errors).toEqual([]);
    expect(parsed.map((r) => r.row.name)).toEqual(rows.slice(1).map((r) => r[1]));
    expect(parsed.every((r) => r.row.diagnosis === '慢性肾功能衰竭尿毒症期')).toBe(true);
  });
});
