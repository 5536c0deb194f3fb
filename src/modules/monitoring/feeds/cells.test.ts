import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../core/dates.ts';
import { checkCharacter, idNumberProblem, idProblemText } from '../../../core/id-number.ts';
import { ID_A } from './__fixtures__/files.ts';
import {
  convertArea,
  convertDate,
  convertIdNumber,
  convertName,
  convertPeriod,
  convertText,
  convertYuan,
  isBlank,
  normaliseHeader,
} from './cells.ts';

const value = <V>(c: { ok: true; value: V } | { ok: false; problem: string }): V | string =>
  c.ok ? c.value : `!${c.problem}`;

describe('header normalisation', () => {
  it('ignores case, spaces, underscores, hyphens, stars and a unit in brackets', () => {
    expect(normaliseHeader(' Death_Date ')).toBe('deathdate');
    expect(normaliseHeader('death-date')).toBe('deathdate');
    expect(normaliseHeader('*姓　名')).toBe('姓名');
    expect(normaliseHeader('损失金额（元）')).toBe('损失金额');
    expect(normaliseHeader('面积(㎡)')).toBe('面积');
    expect(normaliseHeader('ＩＤ　Ｎｕｍｂｅｒ')).toBe('idnumber');
  });
});

describe('cells', () => {
  it('upper-cases and checks ID numbers, converts 15 digits, refuses one Excel stored as a number', () => {
    const lower = `${ID_A.slice(0, 17)}x`;
    expect(value(convertIdNumber(` ${ID_A} `))).toBe(ID_A);
    expect(value(convertIdNumber(lower))).toBe('!校验码错误');
    expect(value(convertIdNumber('370402850615001'))).toMatch(/^37040219850615001[\dX]$/);
    expect(value(convertIdNumber(370402198506150000))).toMatch(/被存成了数字/);
    expect(value(convertIdNumber('37040219850615012'))).toBe('!应为18位，前17位为数字，末位为数字或X');
    expect(value(convertIdNumber('370402198502300124'))).toBe('!出生日期不存在');
  });

  it('reads the date forms departments write and refuses days that do not exist', () => {
    expect(value(convertDate('2025-01-08', undefined))).toBe('2025-01-08');
    expect(value(convertDate('2025/1/8', undefined))).toBe('2025-01-08');
    expect(value(convertDate('2025.01.08', undefined))).toBe('2025-01-08');
    expect(value(convertDate('20250108', undefined))).toBe('2025-01-08');
    expect(value(convertDate(20250108, undefined))).toBe('2025-01-08');
    expect(value(convertDate('2025年1月8日', undefined))).toBe('2025-01-08');
    expect(value(convertDate('2025-01-08 00:00:00', undefined))).toBe('2025-01-08');
    expect(value(convertDate(new Date(Date.UTC(2025, 0, 8)), undefined))).toBe('2025-01-08');
    expect(value(convertDate(45665, undefined))).toBe('2025-01-08'); // Excel serial
    expect(value(convertDate('2024-02-29', undefined))).toBe('2024-02-29');
    expect(value(convertDate('2024-02-30', undefined))).toBe('!“2024-02-30”不是有效日期（应为 YYYY-MM-DD）');
    expect(value(convertDate('2023-02-29', undefined))).toMatch(/不是有效日期/);
    expect(value(convertDate('2025-13-01', undefined))).toMatch(/不是有效日期/);
    expect(value(convertDate('明天', undefined))).toMatch(/不是有效日期/);
    expect(value(convertDate('2025-03-02', '2025-03-01' as IsoDate))).toBe(
      '!“2025-03-02”晚于今天（2025-03-01）',
    );
    expect(value(convertDate('2025-03-01', '2025-03-01' as IsoDate))).toBe('2025-03-01');
  });

  it('turns yuan into integer fen and refuses negative amounts', () => {
    expect(value(convertYuan('12480.5'))).toBe(1_248_050);
    expect(value(convertYuan('1,234.56'))).toBe(123_456);
    expect(value(convertYuan('￥35000'))).toBe(3_500_000);
    expect(value(convertYuan('35000元'))).toBe(3_500_000);
    expect(value(convertYuan(0.1 + 0.2))).toBe(30);
    expect(value(convertYuan('0.005'))).toBe(1);
    expect(value(convertYuan('0'))).toBe(0);
    expect(value(convertYuan('-5'))).toBe('!“-5”不能为负数');
    expect(value(convertYuan(-5))).toBe('!“-5”不能为负数');
    expect(value(convertYuan('十元'))).toMatch(/不是有效金额/);
    expect(value(convertYuan('1.2.3'))).toMatch(/不是有效金额/);
    // Amounts too large for exact fen are the row's error, never an exception that fails the import.
    expect(value(convertYuan('99,339,378,391,171'))).toMatch(/超出合理范围/);
    expect(value(convertYuan('123456789012345'))).toMatch(/超出合理范围/);
    expect(value(convertYuan(1e20))).toMatch(/超出合理范围/);
    expect(value(convertYuan('5000000000'))).toMatch(/超出合理范围/);
    expect(value(convertYuan('999999999'))).toBe(99_999_999_900);
  });

  it('reads areas and income periods', () => {
    expect(value(convertArea('96.35㎡'))).toBe(96.35);
    expect(value(convertArea('120平方米'))).toBe(120);
    expect(value(convertArea('-1'))).toMatch(/不能为负数/);
    expect(value(convertPeriod('2024'))).toBe('2024');
    expect(value(convertPeriod(2024))).toBe('2024');
    expect(value(convertPeriod('2024年度'))).toBe('2024');
    expect(value(convertPeriod('2024-3'))).toBe('2024-03');
    expect(value(convertPeriod('2024年3月'))).toBe('2024-03');
    expect(value(convertPeriod('202403'))).toBe('2024-03');
    expect(value(convertPeriod('2024Q1'))).toBe('2024-Q1');
    expect(value(convertPeriod('2024年第一季度'))).toBe('2024-Q1');
    expect(value(convertPeriod('2024-13'))).toMatch(/不是有效期间/);
    expect(value(convertPeriod('2024-03-01'))).toMatch(/不是有效期间/);
  });

  it('collapses whitespace in names and unifies the middle dot', () => {
    expect(value(convertName(' 张  三 '))).toBe('张 三');
    expect(value(convertName('阿卜杜拉•买买提'))).toBe('阿卜杜拉·买买提');
    expect(value(convertName('张\ufffd'))).toMatch(/无法识别的字符/);
  });
});

/** A seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('quick paths agree with the general rules', () => {
  const rnd = random(8);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const digits = (n: number): string => Array.from({ length: n }, () => pick([...'0123456789'])).join('');

  it('ID numbers: as idNumberProblem says', () => {
    for (let i = 0; i < 20_000; i++) {
      const birth = pick([
        `${pick(['18', '19', '20'])}${digits(2)}${pick(['0', '1'])}${digits(1)}${pick(['0', '1', '2', '3'])}${digits(1)}`,
        pick([
          '18491231',
          '18500101',
          '20000229',
          '19000229',
          '20240229',
          '20230229',
          '20241131',
          '20241300',
        ]),
      ]);
      const first17 = `${digits(6)}${birth}${digits(3)}`;
      const last = rnd() < 0.7 ? checkCharacter(first17) : pick([...'0123456789Xx']);
      const raw = `${first17}${last === 'X' && rnd() < 0.5 ? 'x' : last}`;
      const upper = raw.toUpperCase();
      const problem = idNumberProblem(upper);
      expect(value(convertIdNumber(raw))).toBe(problem ? `!${idProblemText(problem)}` : upper);
    }
  });

  it('dates: every day of the calendar and days that do not exist', () => {
    const today = '2025-03-01' as IsoDate;
    for (const y of [1899, 1900, 1904, 2000, 2023, 2024, 2025, 2100]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === text;
          const expected = !real
            ? `!“${text}”不是有效日期（应为 YYYY-MM-DD）`
            : y < 1900
              ? `!“${text}”早于1900年`
              : text > today
                ? `!“${text}”晚于今天（${today}）`
                : text;
          expect(value(convertDate(text, today))).toBe(expected);
        }
      }
    }
  });

  it('yuan: digits with up to two decimals', () => {
    for (let i = 0; i < 20_000; i++) {
      const raw = Array.from({ length: Math.floor(rnd() * 13) }, () => pick([...'0123456789.,'])).join('');
      const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(raw);
      const got = value(convertYuan(raw));
      const fen = m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : -1;
      if (m && fen <= 100_000_000_000) expect(got).toBe(fen);
      else if (m) expect(got).toMatch(/超出合理范围/);
      else expect(got).toEqual(value(convertYuan(` ${raw}`))); // the general path
    }
  });

  it('names and text: Unicode normalisation leaves printable ASCII and CJK ideographs alone', () => {
    const ranges = [
      [0x21, 0x7e],
      [0x3400, 0x4dbf],
      [0x4e00, 0x9fff],
    ] as const;
    const plain: string[] = [];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c++) {
        const ch = String.fromCharCode(c);
        expect(ch.normalize('NFKC')).toBe(ch);
        plain.push(ch);
      }
    }
    const alphabet = [...plain.filter((_, i) => i % 97 === 0), ' ', '.', '\u3000', '•', 'Ａ', '\ufffd', '\t'];
    for (let i = 0; i < 20_000; i++) {
      const raw = Array.from({ length: Math.floor(rnd() * 8) }, () => pick(alphabet)).join('');
      const text = raw.trim().normalize('NFKC').replace(/\s+/g, ' ');
      const name = text.replace(/[•・．.]/g, '·');
      const check = (s: string) => (s.includes('\ufffd') ? /^!含有无法识别的字符/ : s);
      if (raw.trim() === '') {
        expect(isBlank(raw)).toBe(true);
        continue;
      }
      expect(isBlank(raw)).toBe(false);
      const t = value(convertText(raw));
      const n = value(convertName(raw));
      const expectedText = check(text);
      const expectedName = check(name);
      if (typeof expectedText === 'string') expect(t).toBe(expectedText);
      else expect(t).toMatch(expectedText);
      if (typeof expectedName === 'string') expect(n).toBe(expectedName);
      else expect(n).toMatch(expectedName);
    }
    expect(value(convertName('张'.repeat(51)))).toBe('!超过50个字');
    expect(value(convertName('张'.repeat(50)))).toBe('张'.repeat(50));
  });
});
