import { describe, expect, it } from 'vitest';
import { assess, assessTransfer, explanationToText, gradualExit, parseHousehold } from './engine.ts';
import { elder, household, person, TEST_DATE, testPack } from './test-factories.ts';

const pack = testPack();

describe('exit and transfer', () => {
  it('runs only the edge and rigid assessment, with no new application', () => {
    // Y = 900 < S: a full assessment says 低保, the transfer skips 特困 and 低保.
    const h = parseHousehold(household([elder({ monthlyIncome: 900 })]));
    expect(assess(h, pack, TEST_DATE).category).toBe('tekun');
    const r = assessTransfer(h, pack, TEST_DATE);
    expect(r.category).toBe('dibao_edge');
    expect(r.explanation.some((e) => e.rule.startsWith('tekun') || e.rule.startsWith('dibao.income'))).toBe(
      false,
    );
    expect(r.explanation.find((e) => e.rule === 'transfer')?.detail).toContain('无需重新申请');
    expect(r.monitoringMonths).toBeNull();
  });

  it('when nothing fits the household stays monitored for exitedMonths', () => {
    const r = assessTransfer(parseHousehold(household([person({ monthlyIncome: 5000 })])), pack, TEST_DATE);
    expect(r.category).toBe('none');
    expect(r.monitoringMonths).toBe(24);
    expect(r.explanation.find((e) => e.rule === 'monitoring')?.detail).toContain('24 个月');
  });

  it('rigid spending is assessed', () => {
    const h = household([person({ monthlyIncome: 2000 })], {
      expenses12m: { medical: 20000, education: 0, housing: 0, care: 0 },
    });
    expect(assessTransfer(parseHousehold(h), pack, TEST_DATE).category).toBe('rigid_expense');
  });
});

describe('gradual exit', () => {
  const p = testPack({ dibao: { employmentCostDeduction: 200, gradualExitMonths: 3 } });
  const working = parseHousehold(household([person({ monthlyIncome: 2600, employed: true }), person()]));
  const decide = (months: number, h = working) =>
    gradualExit({
      household: h,
      pack: p,
      date: TEST_DATE,
      monthsInGradualExit: months,
      currentMonthlyAllowance: 1500,
    });

  it('continues for gradualExitMonths when the rise comes from work', () => {
    expect(decide(0)).toMatchObject({
      status: 'gradual_exit',
      continues: true,
      monthsRemaining: 3,
      monthlyAmount: 1500,
    });
    expect(decide(2)).toMatchObject({ continues: true, monthsRemaining: 1 });
    expect(decide(3)).toMatchObject({
      status: 'exit',
      continues: false,
      monthsRemaining: 0,
      monthlyAmount: null,
    });
    expect(decide(3).assessment.category).toBe('dibao_edge'); // 2400 < 2 × 1000 × 1.5
  });

  it('a rise that is not from work ends the allowance at once', () => {
    const pension = parseHousehold(household([person({ monthlyIncome: 2600 }), person()]));
    const d = decide(0, pension);
    expect(d).toMatchObject({ status: 'exit', continues: false });
    expect(d.explanation[0]).toMatchObject({ rule: 'gradualExit.employment', passed: false });
  });

  it('a household still below the standard simply stays', () => {
    const poor = parseHousehold(household([person({ monthlyIncome: 1000, employed: true }), person()]));
    expect(decide(0, poor)).toMatchObject({ status: 'still_eligible', continues: true, monthlyAmount: 1200 });
  });

  it('assets over the limit end it', () => {
    const rich = parseHousehold(
      household([person({ monthlyIncome: 2600, employed: true }), person()], {
        assets: { financial: 0, vehicles: 1, extraHousing: 0, business: false },
      }),
    );
    expect(decide(0, rich).status).toBe('exit');
  });
});

describe('explanationToText', () => {
  it('reads as Chinese text with marks, amounts and the pack', () => {
    const h = parseHousehold(
      household([elder({ name: '张三', careLevel: 'half' }), person({ monthlyIncome: 300, name: '李四' })]),
    );
    const r = assess(h, pack, TEST_DATE);
    const text = explanationToText(r, {
      packName: pack.name,
      date: TEST_DATE,
      names: new Map(h.members.map((m) => [m.idNumber as string, m.name])),
    });
    expect(text).toContain('认定结果：最低生活保障（低保）');
    expect(text).toContain('其中特困人员 1 人');
    expect(text).toContain('适用政策：测试参数包（test-pack 第1版），认定日期 2025-03-01');
    expect(text).toContain('✓ 成员1（张三）');
    expect(text).toContain('特困人员照料护理费（张三）：400.00 元/月，半护理');
    expect(text).toContain('低保金（差额补助）（全家）：700.00 元/月');
  });
});
