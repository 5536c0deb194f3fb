/**
 * Factories for policy tests: households with valid ID numbers, and a small test pack with round
 * numbers (低保标准 1000 / 800 yuan) that tests override value by value.
 */
import { makeIdNumber } from '../core/id-number.ts';
import type { HouseholdInput } from './household-input.ts';
import { type PolicyPack, validateResolvedPack } from './pack-schema.ts';

export const TEST_DATE = '2025-03-01';

type MemberInput = HouseholdInput['members'][number];

let sequence = 0;

/** A member born on `birth` (YYYY-MM-DD); defaults: working-age adult, no income, full labour capacity. */
export function person(
  overrides: Partial<MemberInput> & { birth?: string; region6?: string } = {},
): MemberInput {
  const { birth = '1985-06-15', region6 = '500103', ...rest } = overrides;
  sequence = (sequence + 1) % 1000;
  return {
    idNumber: makeIdNumber(region6, birth, sequence),
    name: `测试${sequence}`,
    relation: 'head',
    monthlyIncome: 0,
    laborCapacity: 'full',
    disability: null,
    seriousIllness: false,
    student: null,
    employed: false,
    careLevel: 'self',
    supporter: 'none',
    ...rest,
  };
}

/** An elderly person with no labour capacity and no supporter (特困 unless income or assets say no). */
export const elder = (overrides: Partial<MemberInput> & { birth?: string } = {}): MemberInput =>
  person({ birth: '1940-01-01', laborCapacity: 'none', ...overrides });

export function household(members: MemberInput[], overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    regionCode: '500103001001',
    residence: 'urban',
    assessedOn: TEST_DATE,
    members,
    assets: { financial: 0, vehicles: 0, extraHousing: 0, business: false },
    ...overrides,
  };
}

const BASE: PolicyPack = {
  id: 'test-pack',
  version: 1,
  region: '50',
  name: '测试参数包',
  extends: null,
  effectiveFrom: '2020-01-01',
  exampleValues: true,
  standards: {
    dibao: { urban: 1000, rural: 800 },
    disposableIncome: { urban: 36000, rural: 24000 },
    minimumWage: 2000,
  },
  assets: { financialMonthsPerPerson: 24, maxVehicles: 0, maxExtraHousing: 0, businessAllowed: false },
  tekun: { elderlyAge: 60, minorAge: 18, basicMultiplier: 1.3, care: { full: 0.3, half: 0.2, self: 0.1 } },
  dibao: {
    supplements: [
      { when: 'seriousIllness', ratio: 0.2 },
      { when: 'severeDisability', ratio: 0.2 },
      { when: 'age70plus', ratio: 0.1 },
      { when: 'minor', ratio: 0.1 },
    ],
    supplementStacking: 'stack',
    employmentCostDeduction: 0,
    gradualExitMonths: 6,
    singlePerson: {
      edgeMembers: true,
      adultUnemployedSevereDisability: 'any',
      adultUnemployedSeriousIllness: 'none',
    },
  },
  edge: { incomeMultiplier: 1.5 },
  rigid: {
    incomeLowerMultiplier: null,
    expenseRatio: 0.6,
    expenseKinds: ['medical', 'education', 'housing', 'care'],
  },
  medical: {
    premiumSubsidy: { tekun: 1, dibao: 0.9, dibao_edge: 0.7, other: 0.7 },
    reliefRatio: { tekun: 0.7, dibao: 0.7, dibao_edge: 0.6, rigid_expense: 0.6 },
  },
  temporary: { smallAmountFirstLimit: 1000, publicEmergencyMonths: 1 },
  monitoring: {
    exitedMonths: 24,
    rejectedMonths: 12,
    rules: {
      medicalSelfPaySurge: { amount: 20000, incomeRatio: 0.5, windowDays: 180 },
      highIncomeAnnual: 100000,
      disasterLoss: 20000,
      verificationDays: { red: 3, orange: 7, yellow: 15 },
    },
  },
  payment: { dayOfMonth: 10 },
  publicNotice: { days: 7 },
  assistance: {},
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  }
  return out;
}

/** The test pack with some values overridden (deep); validated like a resolved pack. */
export function testPack(overrides: Record<string, unknown> = {}): PolicyPack {
  const result = validateResolvedPack(
    merge(structuredClone(BASE) as unknown as Record<string, unknown>, overrides),
  );
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value;
}
