import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { parseHousehold, validateHousehold } from './household-input.ts';
import { household, person } from './test-factories.ts';

const errorsOf = (data: unknown): string[] => {
  const r = validateHousehold(data);
  return r.ok ? [] : r.errors;
};

describe('household validation (appendix A.2)', () => {
  it('a bad ID checksum names the member index and field', () => {
    const h = household([person(), person()]);
    const id = h.members[1]!.idNumber;
    h.members[1]!.idNumber = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(errorsOf(h)).toEqual(['members[1].idNumber：身份证号码校验码错误']);
  });

  it.each([
    [
      { laborCapacity: 'some' },
      'members[0].laborCapacity：应为以下之一：none、partial、full（实际为 “some”）',
    ],
    [{ relation: 'boss' }, 'members[0].relation：应为以下之一：head、spouse、child'],
    [{ supporter: undefined }, 'members[0].supporter：应为以下之一：none、unable、able（缺少此字段）'],
    [{ disability: { grade: 5, type: 'physical' } }, 'members[0].disability.grade：应不大于 4'],
    [{ disability: { grade: 2, type: 'leg' } }, 'members[0].disability.type：应为以下之一'],
    [{ student: 'phd' }, 'members[0].student：应为以下之一'],
    [{ monthlyIncome: -1 }, 'members[0].monthlyIncome：不能为负数'],
    [{ monthlyIncome: '300' }, 'members[0].monthlyIncome：应为数字，实际为 “300”'],
    [{ idNumber: '12345' }, 'members[0].idNumber：身份证号码应为18位'],
    [{ idNumber: '110101199002301234' }, 'members[0].idNumber：身份证号码出生日期不存在'],
    [{ seriousIlness: true }, 'members[0].seriousIlness：未知字段'],
  ])('%o', (over, message) => {
    const h = household([{ ...person(), ...over } as never]);
    expect(errorsOf(h).join('\n')).toContain(message);
  });

  it('household-level fields', () => {
    const text = errorsOf({
      ...household([person()]),
      residence: 'town',
      regionCode: '5001030',
      members: [],
    }).join('\n');
    expect(text).toContain('residence：应为以下之一：urban、rural（实际为 “town”）');
    expect(text).toContain('regionCode：应为12位行政区划代码');
    expect(text).toContain('members：至少需要一项');
    expect(errorsOf({ ...household([person()]), assets: { financial: 0 } }).join('\n')).toContain(
      'assets.vehicles：缺少此字段（必填）',
    );
  });

  it('duplicate ID numbers are refused', () => {
    const p = person();
    expect(errorsOf(household([p, { ...p, name: '另一人' }]))).toEqual([
      'members[1].idNumber：与第1位成员（members[0]）的身份证号码重复',
    ]);
  });

  it('parseHousehold throws VALIDATION_FAILED with the messages', () => {
    try {
      parseHousehold({});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
      expect((e as AppError).message).toContain('regionCode：缺少此字段（必填）');
      expect((e as AppError).fields?.residence).toBeDefined();
    }
  });

  it('converts to fen, fills defaults, normalises a lower-case x', () => {
    const m = person({ birth: '1990-01-01' });
    const minimal = {
      idNumber: m.idNumber.toLowerCase(),
      name: '王五',
      relation: 'head',
      monthlyIncome: 1234.565,
      laborCapacity: 'full',
      supporter: 'none',
    };
    const h = parseHousehold({ ...household([]), members: [minimal, { ...person(), monthlyIncome: 100 }] });
    expect(h.members[0]).toMatchObject({
      idNumber: m.idNumber,
      incomeFen: 123457,
      disability: null,
      seriousIllness: false,
      student: null,
      employed: false,
      careLevel: 'self',
      birthDate: '1990-01-01',
      birthKey: 19900101,
    });
    expect(h.income12mFen).toBe(12 * (123457 + 10000));
    expect(h.income12mDeclared).toBe(false);
    expect(h.expenses12mFen).toEqual({ medical: 0, education: 0, housing: 0, care: 0 });
    expect(h.regionCode).toBe('500103001001');
  });
});
