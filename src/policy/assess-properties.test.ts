/**
 * Property tests (fast-check) of the engine over random households, with the test pack and the
 * shipped packs.
 *
 * "More favourable" compares each member's own standing: 特困 > 低保 (household or 单人户) > 低保边缘 >
 * 刚性支出 > none. When a member's income rises so far that they leave 特困, they rejoin the household,
 * and since their income is about S the others' per-capita income can *fall* — SPEC's rule that 特困
 * members are taken out of n and Y. That is policy, not a bug (docs/policy.md), so the household-wide
 * claims are made for a rise in a non-特困 member's income; the member whose income rose never gains.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../core/id-number.ts';
import { type AssessmentResult, assess, CATEGORY_RANK, parseHousehold } from './engine.ts';
import type { HouseholdInput } from './household-input.ts';
import { loadCatalog } from './pack-files.ts';
import { resolvePackFor } from './pack-loader.ts';
import type { PolicyPack } from './pack-schema.ts';
import { TEST_DATE, testPack } from './test-factories.ts';

const catalog = await loadCatalog();
const shipped = ['3704', '4112', '22', '50', '62'].map((r) => resolvePackFor(catalog, r, TEST_DATE).pack);
const packs: PolicyPack[] = [testPack(), testPack({ dibao: { employmentCostDeduction: 300 } }), ...shipped];

type MemberInput = HouseholdInput['members'][number];

const DAY = 86_400_000;
const birthArb = fc
  .integer({ min: Date.UTC(1930, 0, 1) / DAY, max: Date.UTC(2024, 11, 31) / DAY })
  .map((d) => new Date(d * DAY).toISOString().slice(0, 10));

const memberArb = (maxIncomeFen: number) =>
  fc.record({
    birth: birthArb,
    monthlyIncome: fc.integer({ min: 0, max: maxIncomeFen }).map((f) => f / 100),
    laborCapacity: fc.constantFrom('none', 'partial', 'full'),
    disability: fc.option(
      fc.record({
        grade: fc.integer({ min: 1, max: 4 }),
        type: fc.constantFrom(
          'visual',
          'hearing',
          'speech',
          'physical',
          'intellectual',
          'mental',
          'multiple',
        ),
      }),
      { freq: 3 },
    ),
    seriousIllness: fc.boolean(),
    employed: fc.boolean(),
    careLevel: fc.constantFrom('self', 'half', 'full'),
    supporter: fc.constantFrom('none', 'unable', 'able'),
  });

type Generated = { birth: string } & Omit<MemberInput, 'idNumber' | 'name' | 'relation' | 'student'>;

const toMember = (g: Generated, i: number): MemberInput => {
  const { birth, ...rest } = g;
  return {
    ...rest,
    idNumber: makeIdNumber('500103', birth, i + 1),
    name: `成员${i + 1}`,
    relation: 'other',
    student: null,
  };
};

const householdArb = (maxIncomeFen = 600_000, maxFinancialFen = 8_000_000) =>
  fc
    .record({
      members: fc.array(memberArb(maxIncomeFen), { minLength: 1, maxLength: 6 }),
      residence: fc.constantFrom('urban', 'rural'),
      financial: fc.integer({ min: 0, max: maxFinancialFen }),
      vehicles: fc.constantFrom(0, 0, 0, 1),
      extraHousing: fc.constantFrom(0, 0, 0, 1),
      business: fc.constantFrom(false, false, false, true),
      income12m: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { freq: 2 }),
      medical: fc.integer({ min: 0, max: 10_000_000 }),
      education: fc.integer({ min: 0, max: 2_000_000 }),
    })
    .map(
      (g): HouseholdInput => ({
        regionCode: '500103001001',
        residence: g.residence,
        assessedOn: TEST_DATE,
        members: (g.members as Generated[]).map(toMember),
        assets: {
          financial: g.financial / 100,
          vehicles: g.vehicles,
          extraHousing: g.extraHousing,
          business: g.business,
        },
        income12m: g.income12m === null ? null : g.income12m / 100,
        expenses12m: { medical: g.medical / 100, education: g.education / 100, housing: 0, care: 0 },
      }),
    );

const packArb = fc.constantFrom(...packs);
const run = (h: HouseholdInput, p: PolicyPack) => assess(parseHousehold(h), p, TEST_DATE);

/** A member's own standing: 特困 4, 单人户 3, else the household's category. */
function memberRank(r: AssessmentResult, i: number): number {
  const own = r.members[i]?.category;
  if (own === 'tekun') return 4;
  if (own === 'dibao_single') return 3;
  return CATEGORY_RANK[r.category];
}

const RUNS = { numRuns: 400 };

describe('engine properties', () => {
  it('more income never yields a more favourable category', () => {
    fc.assert(
      fc.property(
        householdArb(),
        packArb,
        fc.nat(),
        fc.integer({ min: 1, max: 500_000 }),
        (h, p, pick, deltaFen) => {
          const j = pick % h.members.length;
          const richer = structuredClone(h);
          const m = richer.members[j]!;
          m.monthlyIncome = Math.round(m.monthlyIncome * 100 + deltaFen) / 100;
          const before = run(h, p);
          const after = run(richer, p);
          expect(memberRank(after, j)).toBeLessThanOrEqual(memberRank(before, j));
          if (before.members[j]?.category !== 'tekun') {
            expect(CATEGORY_RANK[after.category]).toBeLessThanOrEqual(CATEGORY_RANK[before.category]);
            h.members.forEach((_, i) => {
              expect(memberRank(after, i)).toBeLessThanOrEqual(memberRank(before, i));
            });
          }
        },
      ),
      RUNS,
    );
  });

  it('more assets never yield a more favourable category', () => {
    const moreAssets = fc.record({
      financialFen: fc.integer({ min: 0, max: 5_000_000 }),
      vehicles: fc.constantFrom(0, 1),
      extraHousing: fc.constantFrom(0, 1),
      business: fc.boolean(),
    });
    fc.assert(
      fc.property(householdArb(), packArb, moreAssets, (h, p, more) => {
        const richer = structuredClone(h);
        richer.assets = {
          financial: Math.round(h.assets.financial * 100 + more.financialFen) / 100,
          vehicles: h.assets.vehicles + more.vehicles,
          extraHousing: h.assets.extraHousing + more.extraHousing,
          business: h.assets.business || more.business,
        };
        const before = run(h, p);
        const after = run(richer, p);
        expect(CATEGORY_RANK[after.category]).toBeLessThanOrEqual(CATEGORY_RANK[before.category]);
        h.members.forEach((_, i) => {
          expect(memberRank(after, i)).toBeLessThanOrEqual(memberRank(before, i));
        });
      }),
      RUNS,
    );
  });

  it('member order never matters', () => {
    fc.assert(
      fc.property(
        householdArb().chain((h) =>
          fc.tuple(fc.constant(h), fc.shuffledSubarray(h.members, { minLength: h.members.length })),
        ),
        packArb,
        ([h, shuffled], p) => {
          const a = run(h, p);
          const b = run({ ...h, members: shuffled }, p);
          expect(b.category).toBe(a.category);
          expect(b.monthlyAllowance).toBe(a.monthlyAllowance);
          const byId = (r: AssessmentResult) =>
            Object.fromEntries(r.members.map((m) => [m.idNumber, m.category]));
          expect(byId(b)).toEqual(byId(a));
          const sorted = (r: AssessmentResult) => r.entitlements.map((e) => JSON.stringify(e)).sort();
          expect(sorted(b)).toEqual(sorted(a));
        },
      ),
      RUNS,
    );
  });

  it('adding a member with zero income to a 低保 household never lowers its allowance', () => {
    fc.assert(
      fc.property(householdArb(60_000, 200_000), packArb, memberArb(0), (h, p, extra) => {
        const before = run(h, p);
        fc.pre(before.category === 'dibao');
        const bigger: HouseholdInput = {
          ...h,
          members: [...h.members, toMember({ ...(extra as Generated), monthlyIncome: 0 }, h.members.length)],
        };
        const after = run(bigger, p);
        expect(after.category).toBe('dibao');
        expect(after.monthlyAllowance).toBeGreaterThanOrEqual(before.monthlyAllowance);
      }),
      RUNS,
    );
  });

  it('monthlyAllowance is the sum of the cash entitlements, in whole fen', () => {
    fc.assert(
      fc.property(householdArb(), packArb, (h, p) => {
        const r = run(h, p);
        const sum = r.entitlements.reduce((s, e) => s + Math.round((e.monthlyAmount ?? 0) * 100), 0);
        expect(Math.round(r.monthlyAllowance * 100)).toBe(sum);
        expect(Number.isInteger(Math.round(r.monthlyAllowance * 100))).toBe(true);
        expect(r.monthlyAllowance * 100 - Math.round(r.monthlyAllowance * 100)).toBeCloseTo(0, 6);
      }),
      RUNS,
    );
  });

  it('is deterministic and always explains with the pack id and version', () => {
    fc.assert(
      fc.property(householdArb(), packArb, (h, p) => {
        const a = run(h, p);
        expect(run(h, p)).toEqual(a);
        expect(a.policy).toEqual({ id: p.id, version: p.version });
        expect(a.explanation[0]?.detail).toContain(`${p.id} 第${p.version}版`);
        expect(a.explanation.at(-1)?.rule).toBe('result');
      }),
      { numRuns: 100 },
    );
  });
});
