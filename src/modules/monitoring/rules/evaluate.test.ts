import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../core/dates.ts';
import { d, ev, household, medical, member, RUN_DATE, testRules, yuan } from './__fixtures__/factories.ts';
import { evaluateHousehold } from './evaluate.ts';
import { factHash, signalKey } from './signal.ts';
import type { EvidenceRow, HouseholdSnapshot, WarningCandidate } from './types.ts';

const rules = testRules();
const home: HouseholdSnapshot = household(
  [
    member(1, { isMainLabourer: true, monthlyIncomeFen: yuan(3000), employed: true }),
    member(2, { relation: 'spouse' }),
    member(3, { relation: 'child' }),
  ],
  { categories: ['dibao'] },
);
const run = (evidence: readonly EvidenceRow[], h = home) =>
  evaluateHousehold({ household: h, evidence, rules, runDate: RUN_DATE });

const person = fc.constantFrom(1, 2, 3);
const date = fc.integer({ min: 0, max: 400 }).map((n) => addDays(d('2024-02-01'), n));
const money = fc.integer({ min: 0, max: 3_000_000 }).map((f) => f / 100);

/** Evidence rows of every feed, about the household's members, new or old. */
const evidenceRow: fc.Arbitrary<EvidenceRow> = fc
  .tuple(
    fc.oneof(
      fc.tuple(person, date).map(([p, x]) => ev('death', p, { death_date: x })),
      fc.tuple(person, date).map(([p, x]) => ev('unemployment', p, { registered_on: x })),
      fc.tuple(person, date, money).map(([p, x, y]) => medical(p, x, y)),
      fc
        .tuple(person, date, fc.constantFrom('急性白血病', '尿毒症'))
        .map(([p, x, s]) => ev('serious_illness', p, { diagnosis: s, diagnosed_on: x })),
      fc
        .tuple(person, date, fc.constantFrom('1', '2', '3', '4'), fc.constantFrom('physical', 'mental'))
        .map(([p, x, g, t]) => ev('disability', p, { grade: g, type: t, certified_on: x })),
      fc
        .tuple(person, date, money, fc.constantFrom('洪涝', '风雹'))
        .map(([p, x, y, t]) => ev('disaster', p, { disaster_type: t, loss_amount: yuan(y), occurred_on: x })),
      fc
        .tuple(person, date, fc.constantFrom('C', 'D'))
        .map(([p, x, g]) => ev('dangerous_housing', p, { grade: g, assessed_on: x })),
      fc
        .tuple(person, date, fc.constantFrom('鲁D·A1234', '鲁D·B5678'))
        .map(([p, x, plate]) => ev('vehicle', p, { plate, registered_on: x, value: null })),
      fc
        .tuple(person, fc.constantFrom('2023', '2024', '2024-03', '2024-Q2'), money)
        .map(([p, period, y]) => ev('high_income', p, { period, amount: yuan(y * 5) })),
    ),
    fc.boolean(),
  )
  .map(([row, isNew]) => ({ ...row, isNew }));

const evidenceList = fc
  .array(evidenceRow, { maxLength: 30 })
  .map((rows) => rows.map((r, i) => ({ ...r, ref: `e${i}` }) as EvidenceRow));

const withoutEvidence = (w: WarningCandidate) => ({ ...w, evidence: [] });

describe('evaluateHousehold', () => {
  it('gives the same warnings whatever the order of the evidence rows', () => {
    fc.assert(
      fc.property(
        evidenceList.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
        ),
        ([rows, shuffled]) => {
          expect(run(shuffled)).toEqual(run(rows));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keys signals by fact, not by which stored rows carry them', () => {
    fc.assert(
      fc.property(evidenceList, (rows) => {
        const renamed = rows.map((r, i) => ({ ...r, ref: `other-${rows.length - i}` }) as EvidenceRow);
        expect(run(renamed).warnings.map(withoutEvidence)).toEqual(run(rows).warnings.map(withoutEvidence));
      }),
      { numRuns: 200 },
    );
  });

  it('proposes each signal once, from a new row, with its deadline by level', () => {
    const days = { red: 3, orange: 7, yellow: 15 };
    fc.assert(
      fc.property(evidenceList, (rows) => {
        const { warnings, problems } = run(rows);
        expect(problems).toEqual([]);
        expect(new Set(warnings.map((w) => w.signalKey)).size).toBe(warnings.length);
        const byRef = new Map(rows.map((r) => [r.ref, r]));
        for (const w of warnings) {
          expect(w.deadline).toBe(addDays(RUN_DATE, days[w.level]));
          expect(w.evidence).toEqual([...w.evidence].sort());
          expect(w.evidence.every((ref) => byRef.has(ref))).toBe(true);
          expect(w.evidence.some((ref) => byRef.get(ref)?.isNew)).toBe(true);
          expect(w.signalKey.startsWith(`${w.type}:${w.personId === null ? 'h7' : `p${w.personId}`}`)).toBe(
            true,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('raises nothing again once every row has been seen', () => {
    fc.assert(
      fc.property(evidenceList, (rows) => {
        expect(run(rows.map((r) => ({ ...r, isNew: false }) as EvidenceRow)).warnings).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('ignores, and reports, rows about someone outside the household', () => {
    const { warnings, problems } = run([ev('death', 99, { death_date: d('2025-03-01') }, { ref: 'x' })]);
    expect(warnings).toEqual([]);
    expect(problems).toEqual([
      { parameter: 'evidence', message: '证据行 x 的人员 99 不是家庭 7 的成员，已忽略' },
    ]);
  });

  it('raises several kinds of warning for one household in one run, sorted by key', () => {
    const { warnings } = run([
      ev('death', 1, { death_date: d('2025-03-01') }),
      medical(2, '2025-03-01', 20000),
      ev('unemployment', 2, { registered_on: d('2025-02-03') }),
      ev('dangerous_housing', 3, { grade: 'D', assessed_on: d('2024-11-15') }),
    ]);
    expect(warnings.map((w) => w.signalKey)).toEqual([
      'dangerous_housing:h7:D',
      'death:p1',
      'expenditure_surge:h7:2025-03-01',
      'main_labourer_death:p1',
      'unemployment:p2:2025-02-03',
    ]);
  });
});

describe('signal keys', () => {
  it('are stable and distinct by type, subject and fact', () => {
    const keys = [
      signalKey('death', { person: 1 }),
      signalKey('death', { person: 2 }),
      signalKey('main_labourer_death', { person: 1 }),
      signalKey('unemployment', { person: 1 }, ['2025-02-03']),
      signalKey('unemployment', { person: 1 }, ['2025-02-04']),
      signalKey('expenditure_surge', { household: 1 }, ['2025-02-03']),
      signalKey('dangerous_housing', { household: 1 }, ['C']),
      signalKey('dangerous_housing', { household: 1 }, ['D']),
      signalKey('serious_illness', { person: 1 }, [factHash('尿毒症')]),
      signalKey('serious_illness', { person: 1 }, [factHash('急性白血病')]),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(signalKey('unemployment', { person: 1 }, ['2025-02-03'])).toBe('unemployment:p1:2025-02-03');
    expect(factHash(['鲁D·B5678', '鲁D·A1234'])).toBe(factHash(['鲁da1234', '鲁db5678', '鲁D A1234']));
    expect(factHash('尿毒症')).toBe(factHash(' 尿毒症。'));
  });
});
