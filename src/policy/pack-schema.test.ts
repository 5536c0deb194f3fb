import { describe, expect, it } from 'vitest';
import { validatePartialPack, validateResolvedPack } from './pack-schema.ts';
import { testPack } from './test-factories.ts';

const resolvedErrors = (over: Record<string, unknown>): string[] => {
  const pack = testPack();
  const merged = { ...pack, ...over };
  const r = validateResolvedPack(merged);
  return r.ok ? [] : r.errors;
};

describe('resolved pack rules', () => {
  it('accepts the test pack', () => {
    expect(validateResolvedPack(testPack()).ok).toBe(true);
  });

  it('the 刚性 lower bound may not be above the 边缘 bound (no gap between them)', () => {
    expect(
      resolvedErrors({ rigid: { incomeLowerMultiplier: 2.5, expenseRatio: 0.6, expenseKinds: ['medical'] } }),
    ).toEqual(['rigid.incomeLowerMultiplier：刚性支出收入下限倍数 2.5 不应高于低保边缘倍数 1.5']);
  });

  it('age lines, edge above 1, unique expense kinds, ratios within 0–1, effectiveUntil after effectiveFrom', () => {
    const pack = testPack();
    expect(resolvedErrors({ tekun: { ...pack.tekun, minorAge: 60 } })).toEqual([
      'tekun.minorAge：未成年年龄线应小于老年人年龄线',
    ]);
    expect(resolvedErrors({ edge: { incomeMultiplier: 1 } })).toEqual([
      'edge.incomeMultiplier：低保边缘倍数应大于1',
    ]);
    expect(resolvedErrors({ rigid: { ...pack.rigid, expenseKinds: ['care', 'care'] } })).toEqual([
      'rigid.expenseKinds：支出类别不能重复',
    ]);
    expect(
      resolvedErrors({
        medical: { ...pack.medical, reliefRatio: { ...pack.medical.reliefRatio, dibao: 1.1 } },
      }),
    ).toEqual(['medical.reliefRatio.dibao：应不大于 1']);
    expect(resolvedErrors({ effectiveUntil: '2019-12-31' })).toEqual([
      'effectiveUntil：失效日期不能早于生效日期',
    ]);
  });

  it('monitoring.rules is typed but open', () => {
    const pack = testPack();
    const rules = { ...pack.monitoring.rules, unemploymentMonths: 3 };
    expect(resolvedErrors({ monitoring: { ...pack.monitoring, rules } })).toEqual([]);
    const bad = { ...pack.monitoring.rules, verificationDays: { red: 0, orange: 7, yellow: 15 } };
    expect(resolvedErrors({ monitoring: { ...pack.monitoring, rules: bad } })).toEqual([
      'monitoring.rules.verificationDays.red：应为正数',
    ]);
  });

  it('a partial pack may give a single nested value', () => {
    const r = validatePartialPack({
      id: 'kid-1',
      version: 1,
      region: '2201',
      name: '子包',
      extends: 'root',
      effectiveFrom: '2025-01-01',
      monitoring: { rules: { verificationDays: { red: 2 } } },
    });
    expect(r.ok).toBe(true);
  });
});
