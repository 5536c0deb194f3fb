/**
 * One household through every feed-driven warning rule of SPEC §6. Pure: the same input gives the
 * same warnings in the same order, whatever the order of the evidence rows.
 *
 * ```ts
 * const rules = compileMonitoringRules(pack);          // once per pack; rules.problems → run log
 * const { warnings } = evaluateHousehold({ household, evidence, rules, runDate });
 * // store each warning unless one with the same signalKey exists
 * ```
 */
import type { IsoDate } from '../../../core/dates.ts';
import type { FeedType } from '../feeds/feed-types.ts';
import { possiblyIneligible } from './eligibility.ts';
import { expenditureSurge } from './expenditure-surge.ts';
import {
  dangerousHousing,
  disability,
  disasterLoss,
  hardshipStudent,
  relapseMonitor,
  seriousIllness,
  unemployment,
} from './hardship.ts';
import type { CompiledMonitoringRules } from './params.ts';
import { deaths } from './population.ts';
import { type Finding, propose, ruleContext } from './signal.ts';
import type {
  EvidenceOf,
  EvidenceRow,
  HouseholdSnapshot,
  RuleOutcome,
  RuleProblem,
  WarningCandidate,
} from './types.ts';

export interface EvaluateInput {
  household: HouseholdSnapshot;
  /**
   * Feed rows about the household's members: the new ones (`isNew`) and the history the rolling
   * windows need (medical self-pay since `surgeHistoryStart`, the year's income rows, the
   * household's vehicles and properties on record).
   */
  evidence: readonly EvidenceRow[];
  rules: CompiledMonitoringRules;
  runDate: IsoDate;
}

// A module function, not a closure per household: tsx names every closure it creates (`__name`).
const rowsOf = <T extends FeedType>(by: Partial<Record<FeedType, EvidenceRow[]>>, t: T): EvidenceOf<T>[] =>
  (by[t] ?? []) as EvidenceOf<T>[];

const bySignalKey = (a: WarningCandidate, b: WarningCandidate): number =>
  a.signalKey < b.signalKey ? -1 : a.signalKey > b.signalKey ? 1 : 0;

function pushAll(to: Finding[], fs: readonly Finding[]): void {
  for (const f of fs) to.push(f);
}

export function evaluateHousehold(input: EvaluateInput): RuleOutcome {
  const { household, rules, runDate } = input;
  const ctx = ruleContext(household, rules, runDate);
  const problems: RuleProblem[] = [];

  const by: Partial<Record<FeedType, EvidenceRow[]>> = {};
  for (const row of input.evidence) {
    if (!ctx.member(row.personId)) {
      problems.push({
        parameter: 'evidence',
        message: `证据行 ${row.ref} 的人员 ${row.personId} 不是家庭 ${household.householdId} 的成员，已忽略`,
      });
      continue;
    }
    const list = by[row.feedType];
    if (list) list.push(row);
    else by[row.feedType] = [row];
  }

  // Each rule sees only its own feeds; a rule with no rows finds nothing, so it is not called (most
  // households in a run have rows of one or two feeds).
  const findings: Finding[] = [];
  if (by.death) pushAll(findings, deaths(ctx, rowsOf(by, 'death')));
  if (by.medical_selfpay) pushAll(findings, expenditureSurge(ctx, rowsOf(by, 'medical_selfpay')));
  if (by.unemployment) pushAll(findings, unemployment(ctx, rowsOf(by, 'unemployment')));
  if (by.disaster) pushAll(findings, disasterLoss(ctx, rowsOf(by, 'disaster')));
  if (by.disability) pushAll(findings, disability(ctx, rowsOf(by, 'disability')));
  if (by.serious_illness) pushAll(findings, seriousIllness(ctx, rowsOf(by, 'serious_illness')));
  if (by.hardship_student) pushAll(findings, hardshipStudent(ctx, rowsOf(by, 'hardship_student')));
  if (by.relapse_monitor) pushAll(findings, relapseMonitor(ctx, rowsOf(by, 'relapse_monitor')));
  if (by.dangerous_housing) pushAll(findings, dangerousHousing(ctx, rowsOf(by, 'dangerous_housing')));
  if (by.vehicle || by.business || by.real_estate || by.high_income) {
    pushAll(
      findings,
      possiblyIneligible(ctx, {
        vehicle: rowsOf(by, 'vehicle'),
        business: rowsOf(by, 'business'),
        real_estate: rowsOf(by, 'real_estate'),
        high_income: rowsOf(by, 'high_income'),
      }),
    );
  }
  const warnings = new Map<string, WarningCandidate>();
  for (const f of findings) {
    const c = propose(ctx, f);
    if (c && !warnings.has(c.signalKey)) warnings.set(c.signalKey, c);
  }
  const list = [...warnings.values()];
  if (list.length > 1) list.sort(bySignalKey);
  return { warnings: list, problems };
}
