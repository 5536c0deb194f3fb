/**
 * The shipped packs load and resolve, and each seed document's stated rules hold.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { assess, gradualExit, parseHousehold } from './engine.ts';
import type { HouseholdInput } from './household-input.ts';
import { loadCatalog, SHIPPED_POLICIES_DIR } from './pack-files.ts';
import { listPacks, resolvePackFor } from './pack-loader.ts';
import { household, person, TEST_DATE } from './test-factories.ts';

const catalog = await loadCatalog();
const packFor = (region: string, date = TEST_DATE) => resolvePackFor(catalog, region, date).pack;
const jilin = packFor('220102001001');
const chongqing = packFor('500103001001');
const gansu = packFor('620102001001');
const sanmenxia = packFor('411202001001');
const zaozhuang = packFor('370402001001');

const one = (
  income: number,
  over: Partial<HouseholdInput['members'][number]> = {},
  extra: Partial<HouseholdInput> = {},
) => household([person({ monthlyIncome: income, ...over })], extra);
const run = (h: HouseholdInput, pack = jilin) => assess(parseHousehold(h), pack, TEST_DATE);

describe('shipped packs', () => {
  it('every file loads, every jurisdiction resolves to its own pack', () => {
    const ids = listPacks(catalog).map((p) => `${p.id}@${p.version}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'cn-base@1',
        'jilin-2024@1',
        'chongqing-2024@1',
        'gansu-2023@1',
        'sanmenxia-2024@1',
        'zaozhuang-2024@1',
      ]),
    );
    expect([zaozhuang, sanmenxia, jilin, chongqing, gansu].map((p) => [p.id, p.region])).toEqual([
      ['zaozhuang-2024', '3704'],
      ['sanmenxia-2024', '4112'],
      ['jilin-2024', '22'],
      ['chongqing-2024', '50'],
      ['gansu-2023', '62'],
    ]);
  });

  it('amounts not from the documents are flagged: exampleValues and a “# 示例值” comment', async () => {
    for (const name of (await readdir(SHIPPED_POLICIES_DIR)).filter((n) => n.endsWith('.yaml'))) {
      const text = await readFile(join(SHIPPED_POLICIES_DIR, name), 'utf8');
      expect(text, name).toContain('# 示例值');
      expect(text, name).toMatch(/^exampleValues: true/m);
      // every yuan standard line is marked
      for (const line of text
        .split('\n')
        .filter((l) => /^\s+(dibao|disposableIncome|minimumWage):\s*[{\d]/.test(l))) {
        expect(line, `${name}: ${line}`).toContain('# 示例值');
      }
    }
  });

  it('the national base is abstract: a region without its own pack gets none', () => {
    expect(() => resolvePackFor(catalog, '110101001001', TEST_DATE)).toThrow(AppError);
  });

  it('特困 premium is paid in full everywhere (all five documents)', () => {
    for (const p of [zaozhuang, sanmenxia, jilin, chongqing, gansu])
      expect(p.medical.premiumSubsidy.tekun).toBe(1);
  });
});

describe('吉林 吉政办规〔2024〕2号', () => {
  const S = 730;
  it('边缘: per-capita income below 2 × 低保标准 (1.9× is edge, 2.1× is not)', () => {
    expect(jilin.edge.incomeMultiplier).toBe(2);
    expect(run(one(1.9 * S)).category).toBe('dibao_edge');
    expect(run(one(2.1 * S)).category).toBe('none');
    expect(run(one(2 * S - 0.01)).category).toBe('dibao_edge');
  });

  it('刚性: from 2× (inclusive) up to 可支配收入, spending over 60% of 12-month income', () => {
    expect(jilin.rigid).toMatchObject({ incomeLowerMultiplier: 2, expenseRatio: 0.6 });
    const spend = (medical: number) => ({
      income12m: 17520,
      expenses12m: { medical, education: 0, housing: 0, care: 0 },
    });
    expect(run(one(2 * S, {}, spend(10512.01))).category).toBe('rigid_expense'); // 60% of 17520 = 10512
    expect(run(one(2 * S, {}, spend(10512))).category).toBe('none');
    expect(run(one(2.1 * S, {}, spend(12000))).category).toBe('rigid_expense');
    expect(run(one(3125, {}, spend(20000))).category).toBe('none'); // 3125 × 12 = 37500 = 可支配收入
  });

  it('特困: basic 1.3 × 低保标准; care 30% / 20% / 10% of the minimum wage', () => {
    const elder = (careLevel: 'full' | 'half' | 'self') =>
      run(household([person({ birth: '1940-01-01', laborCapacity: 'none', careLevel })]));
    expect(elder('full').monthlyAllowance).toBe(949 + 564); // 730 × 1.3; 1880 × 0.3
    expect(elder('half').monthlyAllowance).toBe(949 + 376);
    expect(elder('self').monthlyAllowance).toBe(949 + 188);
  });

  it('增发 for the seriously ill, severely disabled, aged 70+ and minors', () => {
    expect(jilin.dibao.supplements.map((s) => s.when).sort()).toEqual([
      'age70plus',
      'minor',
      'seriousIllness',
      'severeDisability',
    ]);
    const r = run(household([person({ birth: '1950-01-01', laborCapacity: 'partial' })]));
    expect(r.entitlements.find((e) => e.code === 'dibao_supplement')).toMatchObject({
      reason: 'age70plus',
      monthlyAmount: 73,
    });
  });

  it('单人户: edge members alone; adult jobless severely disabled or seriously ill in the rigid range', () => {
    const edge = run(
      household([
        person({ monthlyIncome: 2000 }),
        person({ seriousIllness: true, birth: '2012-01-01', supporter: 'able' }),
      ]),
    );
    expect(edge.category).toBe('dibao_edge');
    expect(edge.members[1]?.category).toBe('dibao_single');
    const rigidRange = (pack = jilin) =>
      run(household([person({ monthlyIncome: 3000 }), person({ seriousIllness: true })]), pack).members[1]
        ?.category;
    expect(rigidRange()).toBe('dibao_single'); // 2 × 730 × 2 = 2920 ≤ 3000 < 6250
    expect(rigidRange(chongqing)).toBeNull(); // 重庆 names only the severely disabled
    const above = run(
      household([person({ monthlyIncome: 7000 }), person({ disability: { grade: 1, type: 'visual' } })]),
    );
    expect(above.members[1]?.category).toBeNull(); // above 可支配收入: outside the rigid range
  });

  it('突发公共事件: one month of the urban standard first', () => {
    expect(jilin.temporary.publicEmergencyMonths).toBe(1);
  });
});

describe('重庆 渝民发〔2024〕12号', () => {
  it('边缘: below 1.5 × 低保标准 (1.4× is edge, 1.6× is not); 刚性 has no lower bound', () => {
    expect(run(one(1.4 * 800), chongqing).category).toBe('dibao_edge');
    expect(run(one(1.6 * 800), chongqing).category).toBe('none');
    expect(chongqing.rigid.incomeLowerMultiplier).toBeNull();
  });

  it('medical: premium 100% / 90% / 70%, relief at least 70% / 60%', () => {
    const ratios = (income: number, code: string) =>
      run(one(income), chongqing).entitlements.find((e) => e.code === code)?.ratio;
    expect(ratios(0, 'medical_premium_subsidy')).toBe(0.9);
    expect(ratios(0, 'medical_relief')).toBe(0.7);
    expect(ratios(1000, 'medical_premium_subsidy')).toBe(0.7);
    expect(ratios(1000, 'medical_relief')).toBe(0.6);
    const tekun = run(household([person({ birth: '1940-01-01', laborCapacity: 'none' })]), chongqing);
    expect(tekun.entitlements.find((e) => e.code === 'medical_premium_subsidy')).toMatchObject({
      ratio: 1,
      reason: expect.stringContaining('全额资助'),
    });
    expect(chongqing.medical.reliefRatio).toEqual({
      tekun: 0.7,
      dibao: 0.7,
      dibao_edge: 0.6,
      rigid_expense: 0.6,
    });
    expect(chongqing.medical.tier2OfTier1Contribution).toBe(1);
  });

  it('urban 低保 households get the waste-fee exemption; rural ones do not', () => {
    const codes = (residence: 'urban' | 'rural') =>
      run(one(0, {}, { residence }), chongqing).entitlements.map((e) => e.code);
    expect(codes('urban')).toContain('waste_fee');
    expect(codes('rural')).not.toContain('waste_fee');
  });
});

describe('甘肃 甘政办发〔2023〕92号', () => {
  it('deducts the employment cost from an employed member’s income', () => {
    expect(gansu.dibao.employmentCostDeduction).toBeGreaterThan(0);
    const r = run(one(1000, { employed: true }), gansu);
    expect(r.category).toBe('dibao'); // 1000 − 300 = 700 < 760
    expect(r.monthlyAllowance).toBe(60);
    expect(run(one(1000, { employed: false }), gansu).category).toBe('dibao_edge');
  });

  it('gradual exit of at most 6 months when income passes the standard through work', () => {
    expect(gansu.dibao.gradualExitMonths).toBe(6);
    const h = parseHousehold(
      household([person({ monthlyIncome: 2500, employed: true }), person({ monthlyIncome: 200 })]),
    );
    const at = (months: number) =>
      gradualExit({
        household: h,
        pack: gansu,
        date: TEST_DATE,
        monthsInGradualExit: months,
        currentMonthlyAllowance: 820.5,
      });
    expect(at(0)).toMatchObject({
      status: 'gradual_exit',
      continues: true,
      monthsRemaining: 6,
      monthlyAmount: 820.5,
    });
    expect(at(5)).toMatchObject({ continues: true, monthsRemaining: 1 });
    const done = at(6);
    expect(done).toMatchObject({ status: 'exit', continues: false, monthsRemaining: 0 });
    expect(['dibao_edge', 'rigid_expense', 'none']).toContain(done.assessment.category);
  });
});

describe('三门峡 三政办规〔2024〕5号', () => {
  it('低保 and 特困 money is paid by the 10th', () => {
    expect(sanmenxia.payment.dayOfMonth).toBe(10);
    expect(sanmenxia.source?.docNo).toBe('三政办规〔2024〕5号');
  });

  it('names judicial assistance and worker hardship as other assistance', () => {
    const codes = run(one(0), sanmenxia).entitlements.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['judicial', 'worker_hardship']));
  });
});

describe('枣庄 枣民字〔2024〕20号', () => {
  it('in force from 2024-09-10 to 2029-09-09', () => {
    expect(packFor('370402', '2024-09-10').id).toBe('zaozhuang-2024');
    expect(packFor('370402', '2029-09-09').id).toBe('zaozhuang-2024');
    expect(() => packFor('370402', '2024-09-09')).toThrow(/没有生效的政策参数包/);
    expect(() => packFor('370402', '2029-09-10')).toThrow(/没有生效的政策参数包/);
  });

  it('a grade-3 mental disability in an edge household is included in 低保 alone', () => {
    const r = run(
      household([
        person({ monthlyIncome: 2200 }),
        person({ disability: { grade: 3, type: 'mental' }, employed: true, monthlyIncome: 100 }),
      ]),
      zaozhuang,
    );
    expect(r.category).toBe('dibao_edge'); // 2300 ≥ 2 × 980, < 2 × 980 × 1.5
    expect(r.members[1]?.category).toBe('dibao_single');
  });

  it('adult jobless mental or intellectual disability of any grade: 单人户 whatever the household income', () => {
    const r = run(
      household([
        person({ monthlyIncome: 20000 }),
        person({ disability: { grade: 4, type: 'intellectual' } }),
      ]),
      zaozhuang,
    );
    expect(r.category).toBe('none');
    expect(r.members[1]?.category).toBe('dibao_single');
  });

  it('exited households stay monitored for two years', () => {
    expect(zaozhuang.monitoring.exitedMonths).toBe(24);
  });
});
