import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import { d, household, medical, member, RUN_DATE, testRules, yuan } from './__fixtures__/factories.ts';
import { evaluateHousehold } from './evaluate.ts';
import { surgeHistoryStart } from './expenditure-surge.ts';
import type { EvidenceRow, HouseholdSnapshot } from './types.ts';

const byAmountOnly = testRules({
  medicalSelfPaySurge: { amount: 20000, incomeRatio: null, windowDays: 180 },
});
const rules = testRules();
const home = (income = 24000): HouseholdSnapshot =>
  household([member(1, { isMainLabourer: true }), member(2, { relation: 'spouse' })], {
    income12mFen: yuan(income),
  });

const surges = (evidence: EvidenceRow[], r = rules, h = home()) =>
  evaluateHousehold({ household: h, evidence, rules: r, runDate: RUN_DATE }).warnings.filter(
    (w) => w.type === 'expenditure_surge',
  );

describe('expenditure surge (支出骤增)', () => {
  it('is raised at the amount and not a fen below it, summing the members', () => {
    const below = [medical(1, '2025-01-10', 10000), medical(2, '2025-02-01', 9999.99)];
    expect(surges(below, byAmountOnly)).toEqual([]);
    const at = [medical(1, '2025-01-10', 10000, { ref: 'a' }), medical(2, '2025-02-01', 10000, { ref: 'b' })];
    expect(surges(at, byAmountOnly)).toEqual([
      {
        type: 'expenditure_surge',
        level: 'orange',
        signalKey: 'expenditure_surge:h7:2025-02-01',
        householdId: 7,
        personId: null,
        evidence: ['a', 'b'],
        deadline: '2025-03-22',
        reason:
          '2024-08-06 至 2025-02-01（180天）家庭成员医保个人自付费用合计 20000.00 元，达到预警金额 20000.00 元，家庭支出骤增',
        route: 'inform_and_apply',
      },
    ]);
  });

  it('is raised at the share of household income and not a fen below it', () => {
    // 50% of 24,000 yuan = 12,000 yuan.
    expect(surges([medical(1, '2025-02-01', 11999.99)])).toEqual([]);
    const [w] = surges([medical(1, '2025-02-01', 12000)]);
    expect(w?.reason).toContain('达到家庭近12个月收入 24000.00 元的 50%');
  });

  it('applies the share test only to a household with income', () => {
    expect(surges([medical(1, '2025-02-01', 100)], rules, home(0))).toEqual([]);
    expect(surges([medical(1, '2025-02-01', 20000)], rules, home(0))).toHaveLength(1);
  });

  it('counts a row 179 days before the window end, not 180', () => {
    const inside = [medical(1, '2024-08-06', 10000), medical(1, '2025-02-01', 10000)];
    expect(surges(inside, byAmountOnly).map((w) => w.signalKey)).toEqual(['expenditure_surge:h7:2025-02-01']);
    const outside = [medical(1, '2024-08-05', 10000), medical(1, '2025-02-01', 10000)];
    expect(surges(outside, byAmountOnly)).toEqual([]);
  });

  it('keeps the anchor when more cost arrives in a surge already raised', () => {
    const first = [medical(1, '2025-01-10', 20000, { ref: 'old', isNew: false })];
    const later = medical(1, '2025-02-01', 5000, { ref: 'new' });
    expect(surges(first)).toEqual([]); // seen in an earlier run
    expect(surges([...first, later])).toEqual([]); // the surge continues: no new crossing
  });

  it('raises one warning for steady spending that keeps crossing the threshold, not one a month', () => {
    const monthly = Array.from({ length: 12 }, (_, i) =>
      medical(1, `2024-${String(i + 1).padStart(2, '0')}-15`, 3500),
    );
    expect(surges(monthly, byAmountOnly).map((w) => w.signalKey)).toEqual([
      'expenditure_surge:h7:2024-06-15',
    ]);
  });

  it('raises a new surge after a window without one', () => {
    const rows = [medical(1, '2024-03-01', 20000), medical(1, '2024-09-10', 20000)];
    expect(surges(rows, byAmountOnly).map((w) => w.signalKey)).toEqual([
      'expenditure_surge:h7:2024-03-01',
      'expenditure_surge:h7:2024-09-10',
    ]);
  });

  it('asks for exactly the history that can change an anchor (2 × windowDays − 2 days back)', () => {
    const n = d('2025-03-01');
    const from = surgeHistoryStart(byAmountOnly, n)!;
    expect(from).toBe(addDays(n, -358));
    const rows = [
      medical(1, from, 10000, { isNew: false }), // makes the day below a crossing…
      medical(1, addDays(n, -179), 10000, { isNew: false }), // …which is in the new row's window,
      medical(1, n, 20000), // so the new crossing continues a surge and raises nothing.
    ];
    expect(surges(rows, byAmountOnly)).toEqual([]);
    expect(surges(rows.slice(1), byAmountOnly)).toHaveLength(1); // one day less history would raise it
  });

  it('finds the same anchors from the history surgeHistoryStart asks for as from all history', () => {
    const day = fc.integer({ min: 0, max: 700 });
    const row = fc.record({ day, yuan: fc.integer({ min: 0, max: 15000 }), person: fc.constantFrom(1, 2) });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.integer({ min: 0, max: 700 }), (spec, newFrom) => {
        const start = d('2023-06-01');
        const rows = spec.map((s, i) =>
          medical(s.person, addDays(start, s.day), s.yuan, { ref: `m${i}`, isNew: s.day >= newFrom }),
        );
        const news = rows.filter((r) => r.isNew);
        if (news.length === 0) return;
        const earliest = news.map((r) => r.facts.settled_on).sort()[0] as IsoDate;
        const from = surgeHistoryStart(byAmountOnly, earliest)!;
        const truncated = rows.filter((r) => r.facts.settled_on >= from);
        expect(surges(truncated, byAmountOnly)).toEqual(surges(rows, byAmountOnly));
      }),
      { numRuns: 300 },
    );
  });
});
