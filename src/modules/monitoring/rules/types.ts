/**
 * What the warning rules (SPEC §6 预警指标) read and what they produce. The rules are pure: a
 * household snapshot, the feed rows about its members, the pack's parameters and the run date in;
 * candidate warnings out. Phase 2 stores the candidates whose `signalKey` has no warning yet.
 */
import type { IsoDate } from '../../../core/dates.ts';
import type { DisabilityType, LaborCapacity, Relation } from '../../../policy/household-input.ts';
import type { FeedFacts, FeedType } from '../feeds/feed-types.ts';

/** A database id (bigint as number, or a uuid): only compared and printed. */
export type EntityId = number | string;

/** Categories a household or person can be in (the households module's list). */
export type SnapshotCategory =
  | 'tekun'
  | 'dibao'
  | 'dibao_edge'
  | 'rigid_expense'
  | 'relapse_monitor'
  | 'other';

/** The categories civil affairs assists after an income and asset test. */
export const ASSISTED: ReadonlySet<SnapshotCategory> = new Set([
  'tekun',
  'dibao',
  'dibao_edge',
  'rigid_expense',
]);

export const CATEGORY_ZH: Record<SnapshotCategory, string> = {
  tekun: '特困人员',
  dibao: '低保',
  dibao_edge: '低保边缘',
  rigid_expense: '刚性支出困难',
  relapse_monitor: '防止返贫监测对象',
  other: '其他困难人员',
};

export interface MemberSnapshot {
  personId: EntityId;
  relation: Relation;
  /** Person-level categories in force (特困 supported alone, 单人户 低保). */
  categories: readonly SnapshotCategory[];
  /** 家庭主要劳动力; see `mainLabourerIds` for a default way to tell. */
  isMainLabourer: boolean;
  /** Fen per month. */
  monthlyIncomeFen: number;
  laborCapacity: LaborCapacity;
  employed: boolean;
  disability: { grade: number; type: DisabilityType } | null;
  seriousIllness: boolean;
  /** Recorded death; a member with one raises no warnings of their own. */
  deathDate: IsoDate | null;
}

export interface HouseholdSnapshot {
  householdId: EntityId;
  /** 12 digits. */
  regionCode: string;
  residence: 'urban' | 'rural';
  /** Household-level categories in force on the run date (active or in 渐退期). */
  categories: readonly SnapshotCategory[];
  /** Household income over the last 12 months, fen (the base of the surge share test). */
  income12mFen: number;
  members: readonly MemberSnapshot[];
}

/**
 * One stored feed row about a member of the household. `ref` is phase 2's id of the stored row (it
 * appears in `evidence`); `isNew` marks rows loaded since the last run. A warning is only proposed
 * when at least one of its evidence rows is new, so the history passed for rolling windows never
 * re-raises an old signal.
 */
export type EvidenceRow = {
  [T in FeedType]: { ref: string; feedType: T; personId: EntityId; isNew: boolean; facts: FeedFacts<T> };
}[FeedType];

export type EvidenceOf<T extends FeedType> = Extract<EvidenceRow, { feedType: T }>;

export type Level = 'red' | 'orange' | 'yellow';
export const LEVELS: readonly Level[] = ['red', 'orange', 'yellow'];
export const LEVEL_ZH: Record<Level, string> = { red: '红色', orange: '橙色', yellow: '黄色' };

/** The routes of 分类处置 (SPEC §6) a warning type normally takes after verification. */
export type HandlingRoute = 'implement_policy' | 'inform_and_apply' | 'verify_and_terminate';

export const WARNING_TYPES = {
  expenditure_surge: { zh: '支出骤增', indicator: '家庭支出骤增（自付医疗费用）', route: 'inform_and_apply' },
  main_labourer_death: { zh: '主要劳动力死亡', indicator: '收入骤减', route: 'inform_and_apply' },
  death: { zh: '人员死亡', indicator: '人口变化（停发救助金）', route: 'verify_and_terminate' },
  unemployment: { zh: '登记失业', indicator: '收入无法持续稳定', route: 'inform_and_apply' },
  disaster_loss: { zh: '受灾损失', indicator: '财产遭受重大损失', route: 'inform_and_apply' },
  severe_disability: { zh: '新增重度残疾', indicator: '因残困难', route: 'inform_and_apply' },
  disability: { zh: '新增残疾', indicator: '因残困难', route: 'inform_and_apply' },
  serious_illness: { zh: '重病', indicator: '因病困难', route: 'inform_and_apply' },
  hardship_student: { zh: '家庭经济困难学生', indicator: '因学困难', route: 'inform_and_apply' },
  relapse_monitor: { zh: '防止返贫监测对象', indicator: '纳入动态监测', route: 'inform_and_apply' },
  dangerous_housing: { zh: '危房', indicator: '住房安全', route: 'inform_and_apply' },
  possibly_ineligible_vehicle: {
    zh: '可能不再符合（车辆）',
    indicator: '可能不再符合救助条件',
    route: 'verify_and_terminate',
  },
  possibly_ineligible_business: {
    zh: '可能不再符合（工商登记）',
    indicator: '可能不再符合救助条件',
    route: 'verify_and_terminate',
  },
  possibly_ineligible_real_estate: {
    zh: '可能不再符合（不动产）',
    indicator: '可能不再符合救助条件',
    route: 'verify_and_terminate',
  },
  possibly_ineligible_high_income: {
    zh: '可能不再符合（高收入）',
    indicator: '可能不再符合救助条件',
    route: 'verify_and_terminate',
  },
  policy_not_implemented: { zh: '政策未落实', indicator: '救助政策落实不到位', route: 'implement_policy' },
} as const satisfies Record<string, { zh: string; indicator: string; route: HandlingRoute }>;

export type WarningType = keyof typeof WARNING_TYPES;
export const WARNING_TYPE_LIST = Object.keys(WARNING_TYPES) as WarningType[];

/** A warning the rules propose; phase 2 stores it unless a warning with the same `signalKey` exists. */
export interface WarningCandidate {
  type: WarningType;
  level: Level;
  /**
   * Same type + same subject (person or household) + same underlying fact → same key; see
   * signal-key.ts. Free text (diagnoses, addresses) is only present hashed.
   */
  signalKey: string;
  householdId: EntityId;
  /** The member concerned, or null for a household-wide signal. */
  personId: EntityId | null;
  /** `ref`s of the evidence rows, sorted. */
  evidence: string[];
  /** Verification deadline 限时核查: run date + `verificationDays[level]`. */
  deadline: IsoDate;
  /** Chinese, with the figures; no names or ID numbers. */
  reason: string;
  route: HandlingRoute;
}

/** Why rules did not run: a parameter missing or invalid in the pack, or inconsistent input. */
export interface RuleProblem {
  /** `monitoring.rules.levels.death`, or `evidence` for input problems. */
  parameter: string;
  /** Chinese. */
  message: string;
}

export interface RuleOutcome {
  warnings: WarningCandidate[];
  problems: RuleProblem[];
}
