/**
 * The fast paths of reading an import file give exactly what the general ones give: the plain CSV
 * reader the records of csv-parse, and the compiled validator the results of `validateRow`, on
 * generated files and rows full of the cases that matter (blank lines, padding, CRLF, odd values).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../core/id-number.ts';
import { Rng } from '../../demo/population/random.ts';
import { type ImportRecord, inspectFile, rawRowOf, readCsv, readRecords } from './readers.ts';
import { COLUMNS, type ColumnKey } from './template.ts';
import { compileValidator, validateRow } from './validate.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doudi-fast-path-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;

const ID = makeIdNumber('370402', '1980-02-29', 13);
const VALUES: Record<ColumnKey, string[]> = {
  household_no: ['H-1', 'H-2', '户-3', '', 'X'.repeat(41), ' H-4 '],
  region_code: ['370402001013', '37040200101', '3704020010134', 'abc', '', '370402009999'],
  residence: ['城市', '农村', 'urban', 'Rural', '城', '', '郊区'],
  address: ['铁西1号', '', ' 北马路 ', 'a;b'],
  id_number: [
    ID,
    ID.toLowerCase(),
    `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`,
    `${makeIdNumber('370402', '1990-01-01', 7).slice(0, 17)}x`,
    // Check digits right, dates wrong (or only just right).
    makeIdNumber('370402', '1990-02-30', 11),
    makeIdNumber('370402', '1900-02-29', 11),
    makeIdNumber('370402', '2000-02-29', 11),
    makeIdNumber('370402', '1849-12-31', 11),
    makeIdNumber('370402', '1850-01-01', 11),
    makeIdNumber('370402', '1990-13-01', 11),
    makeIdNumber('370402', '1990-00-10', 11),
    makeIdNumber('370402', '1990-04-31', 11),
    '370402800101001',
    '37040219800229001',
    '',
    ` ${ID} `,
  ],
  name: ['张三', '', '李'.repeat(41), ' 王五 '],
  relation: ['户主', '配偶', 'Head', 'CHILD', '本人', '邻居', ''],
  monthly_income: [
    '',
    '0',
    '12',
    '12.5',
    '12.34',
    '12.345',
    '12.355',
    '1,234.50',
    '-3',
    'abc',
    '1.',
    '.5',
    '0012',
    '999999999',
    '9999999999',
    '1e3',
  ],
  labor_capacity: ['无', '部分', '有', 'full', 'NONE', '半劳力', ''],
  disability_grade: ['', '1', '4', '5', '二级', '3级', 'toString', '01'],
  disability_type: ['', '肢体', 'visual', '视力残疾', '其他'],
  serious_illness: ['', '是', '否', 'Y', 'no', 'TRUE', '√', '也许'],
  student_stage: ['', '小学', 'college', '博士'],
  employed: ['', '是', '否', '1', '0', 'maybe'],
  care_level: ['', '生活自理', 'half', '卧床'],
  supporter: ['', '无', '有能力', 'unable', '不知道'],
  category: ['', '低保', '特困', 'dibao_edge', '其他', '不存在'],
  category_from: ['', '2024-03-01', '2024-02-30', '2024-3-1', ' 2023-12-31 ', 'yesterday'],
};

function header(rng: Rng): Array<ColumnKey | undefined> {
  const keys: Array<ColumnKey | undefined> = COLUMNS.filter((c) => c.required || rng.next() < 0.7).map(
    (c) => c.key,
  );
  if (rng.next() < 0.3) keys.push(undefined); // an unknown column
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return keys;
}

describe('compiled validator', () => {
  it('accepts and refuses exactly what validateRow does', () => {
    const rng = new Rng('validator');
    for (let h = 0; h < 40; h++) {
      const keys = header(rng);
      if (h === 0) keys.push(keys.find(Boolean)); // a column given twice
      const validate = compileValidator(keys);
      for (let n = 0; n < 500; n++) {
        const fields = keys.map((k) => (k ? pick(rng, VALUES[k]) : 'junk'));
        // Mostly valid rows: the fast path must be exercised, not only the fallback.
        if (rng.next() < 0.6) {
          keys.forEach((k, i) => {
            if (k && rng.next() < 0.8) fields[i] = VALUES[k][0]!;
          });
        }
        if (rng.next() < 0.1) fields.length = Math.floor(rng.next() * fields.length);
        const rec: ImportRecord = {
          rowNo: n + 2,
          fields,
          problems: rng.next() < 0.05 ? ['身份证号须以文本格式填写'] : null,
        };
        expect(validate(rec)).toEqual(validateRow(rawRowOf(keys, rec)));
      }
    }
  });
});

async function records(path: string, plainCsv: boolean) {
  const out: Array<{ keys: unknown; rowNo: number; fields: string[] }> = [];
  const gen = plainCsv ? readRecords(path, 'csv', { plainCsv: true }) : readCsv(path);
  try {
    for await (const b of gen)
      for (const r of b.records) out.push({ keys: b.keys, rowNo: r.rowNo, fields: r.fields });
  } catch (e) {
    return { error: (e as Error).message };
  }
  return { out };
}

describe('plain CSV reader', () => {
  it('reads plain files as csv-parse does', async () => {
    const rng = new Rng('csv');
    const cells = [
      'H-1',
      ' 370402001013',
      '张三 ',
      '',
      '  ',
      '\u3000李四\u3000',
      'a b',
      '\t9',
      '12.5',
      '户主',
    ];
    for (let f = 0; f < 60; f++) {
      const eol = rng.next() < 0.5 ? '\n' : '\r\n';
      const lines: string[] = [];
      if (rng.next() < 0.2) lines.push('');
      lines.push(
        ['户编号', '行政区划代码 ', ' 身份证号', '姓名', '与户主关系', '劳动能力', '备注'].join(','),
      );
      const n = Math.floor(rng.next() * 30);
      for (let i = 0; i < n; i++) {
        const r = rng.next();
        if (r < 0.1) lines.push('');
        else if (r < 0.15) lines.push(pick(rng, ['   ', '\t', ' , ', ',']));
        else {
          const width = 1 + Math.floor(rng.next() * 9);
          lines.push(Array.from({ length: width }, () => pick(rng, cells)).join(','));
        }
      }
      let text = lines.join(eol);
      if (rng.next() < 0.7) text += eol;
      if (rng.next() < 0.3) text = `\uFEFF${text}`;
      const path = join(dir, `f${f}.csv`);
      await writeFile(path, text);
      expect((await inspectFile(path)).plainCsv).toBe(true);
      expect(await records(path, true)).toEqual(await records(path, false));
    }
  });

  it('leaves files with quotes or mixed line ends to csv-parse', async () => {
    const cases: Array<[string, boolean]> = [
      ['a,b\n1,2\n', true],
      ['a,b\r\n1,2\r\n', true],
      ['a,b\r\n1,2\n', false],
      ['a,b\n1,2\r\n', false],
      ['a,b\r1,2\r', false],
      ['a,b\n"1",2\n', false],
      ['a,b\n1\r2,3\n', false],
    ];
    for (const [text, plain] of cases) {
      const path = join(dir, 'case.csv');
      await writeFile(path, text);
      expect((await inspectFile(path)).plainCsv, JSON.stringify(text)).toBe(plain);
    }
  });
});
