import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../core/dates.ts';
import { ID_A } from './__fixtures__/files.ts';
import {
  convertArea,
  convertDate,
  convertIdNumber,
  convertName,
  convertPeriod,
  convertYuan,
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
