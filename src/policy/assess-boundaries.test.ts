/**
 * Table tests at every boundary of SPEC §4.2, each side of each comparison (test pack: 城市低保标准
 * 1000 yuan, edge 1.5×, 可支配收入 36000 yuan/year, expense ratio 0.6, assets 24 months).
 */
import { describe, expect, it } from 'vitest';
import { assess, assessJson, parseHousehold } from './engine.ts';
import type { HouseholdInput } from './household-input.ts';
import { elder, household, person, TEST_DATE, testPack } from './test-factories.ts';

const pack = testPack();
const run = (h: HouseholdInput, p = pack, date = TEST_DATE) => assess(parseHousehold(h), p, date);
const two = (total: number, extra: Partial<HouseholdInput> = {}) =>
  household([person({ monthlyIncome: total }), person({ relation: 'spouse' })], extra);

describe('低保: Y < n × S', () => {
  it.each([
    [1999.99, 'dibao'],
    [2000, 'dibao_edge'], // equal is NOT 低保
    [2000.01, 'dibao_edge'],
  ])('2 people, Y = %s → %s', (y, category) => {
    expect(run(two(y)).category).toBe(category);
  });

  it('compares totals, not rounded per-capita figures', () => {
    // 3 people, S = 1000: Y = 2999.99 is below 3000 even though Y/n rounds to 1000.00.
    const h = household([person({ monthlyIncome: 2999.99 }), person(), person()]);
    expect(run(h).category).toBe('dibao');
    expect(run(h).monthlyAllowance).toBe(0.01);
  });

  it('uses the rural standard for rural households', () => {
    expect(run(two(1599.99, { residence: 'rural' })).category).toBe('dibao');
    expect(run(two(1600, { residence: 'rural' })).category).toBe('dibao_edge');
  });
});

describe('低保边缘: Y < n × S × edge', () => {
  it.each([
    [2999.99, 'dibao_edge'],
    [3000, 'none'], // equal is NOT edge (no rigid spending here)
  ])('2 people, Y = %s → %s', (y, category) => {
    expect(run(two(y)).category).toBe(category);
  });

  it('compares exactly when n × S × edge is not a whole fen', () => {
    // S = 1000.01, edge 1.5, n = 1: bound is 1500.015 yuan; 1500.01 is below it, 1500.02 is not.
    const p = testPack({ standards: { dibao: { urban: 1000.01 } } });
    expect(run(household([person({ monthlyIncome: 1500.01 })]), p).category).toBe('dibao_edge');
    expect(run(household([person({ monthlyIncome: 1500.02 })]), p).category).toBe('none');
    const detail = run(household([person({ monthlyIncome: 1500.01 })]), p).explanation.find(
      (e) => e.rule === 'edge.income',
    )?.detail;
    expect(detail).toContain('1500.015 元');
  });
});

describe('刚性支出困难', () => {
  // 2 people: n × 可支配收入 = 72000 yuan/year → Y < 6000 a month; income12m declared 48000.
  const rigid = (y: number, medical: number, income12m = 48000) =>
    two(y, { income12m, expenses12m: { medical, education: 0, housing: 0, care: 0 } });

  it.each([
    [4000, 28800, 'none'], // spending exactly 60% of income is NOT rigid
    [4000, 28800.01, 'rigid_expense'],
    [5999.99, 30000, 'rigid_expense'],
    [6000, 30000, 'none'], // Y × 12 = n × 可支配收入 exactly is NOT below it
  ])('Y = %s, medical = %s → %s', (y, medical, category) => {
    expect(run(rigid(y, medical)).category).toBe(category);
  });

  it('counts only the pack’s expense kinds', () => {
    const p = testPack({ rigid: { expenseKinds: ['medical'] } });
    const h = two(4000, {
      income12m: 48000,
      expenses12m: { medical: 0, education: 40000, housing: 0, care: 0 },
    });
    expect(run(h).category).toBe('rigid_expense');
    expect(run(h, p).category).toBe('none');
  });

  it('defaults income12m to 12 × the monthly incomes', () => {
    const h = two(4000, { expenses12m: { medical: 28800, education: 0, housing: 0, care: 0 } });
    expect(run(h).category).toBe('none'); // 28800 = 60% of 48000
    const h2 = two(4000, { expenses12m: { medical: 28800.01, education: 0, housing: 0, care: 0 } });
    expect(run(h2).category).toBe('rigid_expense');
  });

  it('applies the lower bound: Y = n × S × lower exactly passes it', () => {
    const p = testPack({ edge: { incomeMultiplier: 2 }, rigid: { incomeLowerMultiplier: 2 } });
    const spend = { income12m: 48000, expenses12m: { medical: 40000, education: 0, housing: 0, care: 0 } };
    expect(run(two(4000, spend), p).category).toBe('rigid_expense');
    expect(run(two(3999.99, spend), p).category).toBe('dibao_edge');
    const lower = run(two(4000, spend), p).explanation.find((e) => e.rule === 'rigid.incomeLowerBound');
    expect(lower).toMatchObject({ passed: true });
  });
});

describe('特困人员', () => {
  const born = (date: string) => run(household([elder({ birth: date })]));

  it('age exactly elderlyAge IS elderly; a day short is not', () => {
    expect(born('1965-03-01').category).toBe('tekun'); // 60th birthday on the assessment date
    expect(born('1965-03-02').category).toBe('dibao'); // 59, income 0 → 低保
  });

  it('minor: below minorAge is a minor; 18 exactly is not', () => {
    const kid = (birth: string) => run(household([person({ birth, laborCapacity: 'full' })]));
    expect(kid('2007-03-02').category).toBe('tekun'); // 17, minors count as no labour capacity
    expect(kid('2007-03-01').category).toBe('dibao'); // 18 today
  });

  it('a 29 February birthday counts from 1 March', () => {
    const p = testPack({ tekun: { elderlyAge: 61 } });
    // born 1964-02-29: 61 on 2025-03-01, not on 2025-02-28
    const h = household([elder({ birth: '1964-02-29' })]);
    expect(run(h, p, '2025-02-28').category).not.toBe('tekun');
    expect(run(h, p, '2025-03-01').category).toBe('tekun');
  });

  it('own income must be below S', () => {
    expect(run(household([elder({ monthlyIncome: 999.99 })])).category).toBe('tekun');
    expect(run(household([elder({ monthlyIncome: 1000 })])).category).toBe('dibao_edge');
  });

  it.each([
    [{ grade: 2, type: 'physical' }, true],
    [{ grade: 3, type: 'physical' }, false],
    [{ grade: 3, type: 'mental' }, true],
    [{ grade: 4, type: 'intellectual' }, true],
    [{ grade: 4, type: 'multiple' }, false],
  ] as const)('severe disability %o → %s', (disability, tekun) => {
    const h = household([person({ laborCapacity: 'none', disability: { ...disability } })]);
    expect(run(h).category === 'tekun').toBe(tekun);
  });

  it('labour capacity and supporters', () => {
    expect(run(household([elder({ laborCapacity: 'partial' })])).category).toBe('dibao');
    expect(run(household([elder({ supporter: 'able' })])).category).toBe('dibao');
    expect(run(household([elder({ supporter: 'unable' })])).category).toBe('tekun');
  });

  it('assets decide for 特困 too', () => {
    const h = household([elder()], {
      assets: { financial: 24000.01, vehicles: 0, extraHousing: 0, business: false },
    });
    expect(run(h).category).toBe('none');
  });

  it('特困 members are supported alone; the rest form the household (n, Y without them)', () => {
    // elder (income 500) is 特困; the other two have 2100 between them: 2100 < 2 × 1000? no → edge.
    const h = household([elder({ monthlyIncome: 500 }), person({ monthlyIncome: 2100 }), person()]);
    const r = run(h);
    expect(r.category).toBe('dibao_edge');
    expect(r.members.map((m) => m.category)).toEqual(['tekun', null, null]);
    // support: 1.3 × 1000 + self-care 0.1 × 2000
    expect(r.monthlyAllowance).toBe(1500);
  });

  it('a member whose income ends their 特困 rejoins the household (documented consequence)', () => {
    // Jilin-style pack. The elder leaves 特困 at income S; the household becomes 2 people at 3500/2.
    const p = testPack({ edge: { incomeMultiplier: 2 } });
    const at = (elderIncome: number) =>
      run(household([elder({ monthlyIncome: elderIncome }), person({ monthlyIncome: 2500 })]), p);
    expect(at(999.99)).toMatchObject({ category: 'none' }); // B alone: 2500 ≥ 2 × 1000
    expect(at(999.99).members[0]?.category).toBe('tekun');
    expect(at(1000)).toMatchObject({ category: 'dibao_edge' }); // 3500 < 2 × 1000 × 2
    expect(at(1000).members[0]?.category).toBeNull();
  });

  it('every member 特困 → household category tekun', () => {
    const r = run(household([elder({ careLevel: 'full' }), elder({ careLevel: 'half' })]));
    expect(r.category).toBe('tekun');
    expect(r.monthlyAllowance).toBe(1300 + 600 + 1300 + 400);
  });
});

describe('assets A', () => {
  const withAssets = (assets: Partial<HouseholdInput['assets']>) =>
    run(two(0, { assets: { financial: 0, vehicles: 0, extraHousing: 0, business: false, ...assets } }));

  it.each([
    [{ financial: 48000 }, 'dibao'], // = 2 × 1000 × 24 is within the limit
    [{ financial: 48000.01 }, 'none'],
    [{ vehicles: 1 }, 'none'],
    [{ extraHousing: 1 }, 'none'],
    [{ business: true }, 'none'],
  ])('%o → %s', (assets, category) => {
    expect(withAssets(assets).category).toBe(category);
  });

  it('limits from the pack', () => {
    const p = testPack({ assets: { maxVehicles: 1, businessAllowed: true } });
    const h = two(0, { assets: { financial: 0, vehicles: 1, extraHousing: 0, business: true } });
    expect(run(h, p).category).toBe('dibao');
  });

  it('explains a failed asset test at each income step it blocks', () => {
    const r = withAssets({ vehicles: 1 });
    expect(r.explanation.find((e) => e.rule === 'assets.vehicles')).toMatchObject({ passed: false });
    expect(r.explanation.find((e) => e.rule === 'dibao.assets')).toMatchObject({ passed: false });
  });
});

describe('entitlements', () => {
  it('低保 allowance n × S − Y plus stacked supplements', () => {
    const h = household([
      person({ monthlyIncome: 500, seriousIllness: true, disability: { grade: 1, type: 'visual' } }),
      person({ birth: '1955-03-01', relation: 'parent' }), // 70 today
      person({ birth: '2015-01-01', relation: 'child', student: 'primary', supporter: 'able' }),
    ]);
    const r = run(h);
    expect(r.category).toBe('dibao');
    // 3000 − 500 + 200 + 200 (ill and disabled) + 100 (70) + 100 (minor)
    expect(r.monthlyAllowance).toBe(3100);
    const codes = r.entitlements.map((e) => e.code);
    expect(codes.filter((c) => c === 'dibao_supplement')).toHaveLength(4);
    expect(r.entitlements.find((e) => e.code === 'dibao_allowance')).toMatchObject({ monthlyAmount: 2500 });
  });

  it('supplementStacking highest keeps only the largest per member', () => {
    const p = testPack({ dibao: { supplementStacking: 'highest' } });
    const h = household([person({ seriousIllness: true, birth: '1950-01-01', laborCapacity: 'partial' })]);
    expect(run(h, p).monthlyAllowance).toBe(1000 + 200);
  });

  it('fixed-amount supplements', () => {
    const p = testPack({ dibao: { supplements: [{ when: 'minor', amount: 123.45 }] } });
    const h = household([person({ monthlyIncome: 900 }), person({ birth: '2015-01-01', supporter: 'able' })]);
    expect(run(h, p).monthlyAllowance).toBe(1100 + 123.45);
  });

  it('medical ratios per category, grouped when the household is uniform', () => {
    const r = run(two(0));
    expect(r.entitlements.filter((e) => e.code.startsWith('medical_'))).toEqual([
      expect.objectContaining({ code: 'medical_premium_subsidy', ratio: 0.9, idNumber: null }),
      expect.objectContaining({ code: 'medical_relief', ratio: 0.7, idNumber: null }),
    ]);
    const mixed = run(household([elder(), person({ monthlyIncome: 1200 })]));
    const premium = mixed.entitlements.filter((e) => e.code === 'medical_premium_subsidy');
    expect(premium.map((e) => e.ratio)).toEqual([1, 0.7]);
    expect(premium.every((e) => e.idNumber !== null)).toBe(true);
  });

  it('money sums to monthlyAllowance and amounts are yuan with at most two decimals', () => {
    const r = run(household([elder({ careLevel: 'half' }), person({ monthlyIncome: 333.33 }), person()]));
    const sum = r.entitlements.reduce((s, e) => s + Math.round((e.monthlyAmount ?? 0) * 100), 0);
    expect(Math.round(r.monthlyAllowance * 100)).toBe(sum);
  });

  it('none: no money, monitoring noted', () => {
    const r = run(two(10000));
    expect(r.category).toBe('none');
    expect(r.monthlyAllowance).toBe(0);
    expect(r.explanation.find((e) => e.rule === 'monitoring')?.detail).toContain('12 个月');
  });
});

describe('单人户', () => {
  // 2 people, Y = 2500 → edge (2000 ≤ Y < 3000)
  it('edge household: a seriously ill or severely disabled member is included in 低保 alone', () => {
    const h = household([
      person({ monthlyIncome: 2500 }),
      person({ relation: 'child', seriousIllness: true }),
    ]);
    const r = run(h);
    expect(r.category).toBe('dibao_edge');
    expect(r.members.map((m) => m.category)).toEqual([null, 'dibao_single']);
    expect(r.monthlyAllowance).toBe(1000 + 200); // S − 0 + illness supplement
  });

  it('the single member needs own income below S', () => {
    const h = household([
      person({ monthlyIncome: 1500 }),
      person({ relation: 'child', seriousIllness: true, monthlyIncome: 1000 }),
    ]);
    expect(run(h).members[1]?.category).toBeNull();
  });

  it('adult unemployed severely disabled: any household income (scope any)', () => {
    const h = household([
      person({ monthlyIncome: 5000 }),
      person({ relation: 'child', disability: { grade: 2, type: 'physical' }, laborCapacity: 'partial' }),
    ]);
    const r = run(h);
    expect(r.category).toBe('none');
    expect(r.members[1]?.category).toBe('dibao_single');
  });

  it('scope rigidRange: only when income is in the rigid range', () => {
    const p = testPack({
      edge: { incomeMultiplier: 2 },
      rigid: { incomeLowerMultiplier: 2 },
      dibao: {
        singlePerson: {
          adultUnemployedSeriousIllness: 'rigidRange',
          adultUnemployedSevereDisability: 'none',
        },
      },
    });
    const at = (y: number) =>
      run(household([person({ monthlyIncome: y }), person({ relation: 'child', seriousIllness: true })]), p);
    expect(at(4000).members[1]?.category).toBe('dibao_single'); // 2 × 1000 × 2 = 4000 ≤ Y < 6000
    expect(at(5999.99).members[1]?.category).toBe('dibao_single');
    expect(at(6000).members[1]?.category).toBeNull(); // at 可支配收入
  });

  it('minors and employed adults are not “adult unemployed”', () => {
    const disabled = { disability: { grade: 1, type: 'physical' }, laborCapacity: 'none' } as const;
    const h = household([
      person({ monthlyIncome: 9000 }),
      person({ ...disabled, birth: '2012-01-01', supporter: 'able' }),
      person({ ...disabled, employed: true, supporter: 'able' }),
    ]);
    expect(run(h).members.map((m) => m.category)).toEqual([null, null, null]);
  });
});

describe('employment-cost deduction', () => {
  it('is taken from each employed member, never below zero', () => {
    const p = testPack({ dibao: { employmentCostDeduction: 300 } });
    const h = household([
      person({ monthlyIncome: 1200, employed: true }),
      person({ monthlyIncome: 200, employed: true }),
      person({ monthlyIncome: 2000 }),
    ]);
    const r = run(h, p);
    // Y = 900 + 0 + 2000 = 2900 < 3000
    expect(r.category).toBe('dibao');
    expect(r.monthlyAllowance).toBe(100);
    expect(r.explanation.filter((e) => e.rule === 'income.employmentDeduction')).toHaveLength(2);
  });
});

describe('assessJson', () => {
  it('uses assessedOn when no date is given', () => {
    const h = household([elder({ birth: '1965-03-01' })], { assessedOn: '2025-02-28' });
    expect(assessJson(h, pack).category).not.toBe('tekun');
    expect(assessJson(h, pack, '2025-03-01').category).toBe('tekun');
  });

  it('explains with the pack id and version and yuan with two decimals', () => {
    const r = run(two(1234.5));
    expect(r.policy).toEqual({ id: 'test-pack', version: 1 });
    expect(r.explanation[0]?.detail).toContain('test-pack 第1版');
    expect(r.explanation.find((e) => e.rule === 'dibao.income')?.detail).toBe(
      '家庭月收入 1234.50 元 < 2 人 × 城市低保标准 1000.00 元 = 2000.00 元',
    );
  });
});
