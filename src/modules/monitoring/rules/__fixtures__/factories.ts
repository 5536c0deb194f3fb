/**
 * Factories for rule tests: a pack view with round numbers, households and members with overrides,
 * and evidence rows.
 */
import type { IsoDate } from '../../../../core/dates.ts';
import type { Fen } from '../../../../core/money.ts';
import type { FeedFacts, FeedType } from '../../feeds/feed-types.ts';
import { type CompiledMonitoringRules, compileMonitoringRules, type MonitoringPackView } from '../params.ts';
import type { EntityId, EvidenceOf, HouseholdSnapshot, MemberSnapshot } from '../types.ts';

export const RUN_DATE = '2025-03-15' as IsoDate;

export const yuan = (y: number): Fen => Math.round(y * 100) as Fen;
export const d = (s: string): IsoDate => s as IsoDate;

export const TEST_LEVELS = {
  death: 'red',
  main_labourer_death: 'red',
  expenditure_surge: 'orange',
  disaster_loss: 'orange',
  severe_disability: 'orange',
  serious_illness: 'orange',
  disability: 'yellow',
  unemployment: 'yellow',
  hardship_student: 'yellow',
  relapse_monitor: 'yellow',
  possibly_ineligible_vehicle: 'yellow',
  possibly_ineligible_business: 'yellow',
  possibly_ineligible_real_estate: 'yellow',
  possibly_ineligible_high_income: 'yellow',
  policy_not_implemented: 'orange',
} as const;

/** Round test numbers: surge 20,000 yuan or 50% of income in 180 days; deadlines 3/7/15 days. */
export function packView(
  rules: Record<string, unknown> = {},
  assets: Partial<MonitoringPackView['assets']> = {},
): MonitoringPackView {
  return {
    id: 'test-pack',
    version: 1,
    assets: { maxVehicles: 0, maxExtraHousing: 0, businessAllowed: false, ...assets },
    monitoring: {
      rules: {
        medicalSelfPaySurge: { amount: 20000, incomeRatio: 0.5, windowDays: 180 },
        highIncomeAnnual: 100000,
        disasterLoss: 20000,
        verificationDays: { red: 3, orange: 7, yellow: 15 },
        levels: TEST_LEVELS,
        dangerousHousingLevels: { C: 'orange', D: 'red' },
        vehicleMinValue: null,
        businessMinCapital: null,
        policyNotImplementedGraceDays: 30,
        ...rules,
      },
    },
  };
}

export const testRules = (
  rules: Record<string, unknown> = {},
  assets: Partial<MonitoringPackView['assets']> = {},
): CompiledMonitoringRules => compileMonitoringRules(packView(rules, assets));

export function member(personId: EntityId, overrides: Partial<MemberSnapshot> = {}): MemberSnapshot {
  return {
    personId,
    relation: 'head',
    categories: [],
    isMainLabourer: false,
    monthlyIncomeFen: 0,
    laborCapacity: 'full',
    employed: false,
    disability: null,
    seriousIllness: false,
    deathDate: null,
    ...overrides,
  };
}

export function household(
  members: MemberSnapshot[],
  overrides: Partial<Omit<HouseholdSnapshot, 'members'>> = {},
): HouseholdSnapshot {
  return {
    householdId: 7,
    regionCode: '370402001001',
    residence: 'rural',
    categories: ['dibao'],
    income12mFen: yuan(24000),
    members,
    ...overrides,
  };
}

let refs = 0;

/** An evidence row; `ref` defaults to a fresh `r<n>`, `isNew` to true. */
export function ev<T extends FeedType>(
  feedType: T,
  personId: EntityId,
  facts: FeedFacts<T>,
  options: { ref?: string; isNew?: boolean } = {},
): EvidenceOf<T> {
  return {
    ref: options.ref ?? `r${++refs}`,
    feedType,
    personId,
    isNew: options.isNew ?? true,
    facts,
  } as unknown as EvidenceOf<T>;
}

export const medical = (
  personId: EntityId,
  date: string,
  selfPay: number,
  options: { ref?: string; isNew?: boolean } = {},
) =>
  ev(
    'medical_selfpay',
    personId,
    { settled_on: d(date), total_cost: null, self_pay: yuan(selfPay), settlement_no: null },
    options,
  );
