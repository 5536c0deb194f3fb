/**
 * 政策未落实: an assistance item a person (or the household) is entitled to, for which the assistance
 * chain records nothing, once `policyNotImplementedGraceDays` have passed since the entitlement
 * started. Phase 2 feeds it the entitlements of the household's last decision and the assistance
 * the chain shows as given. One warning per item, subject and entitlement start.
 */
import { addDays, type IsoDate } from '../../../core/dates.ts';
import type { CompiledMonitoringRules } from './params.ts';
import { propose, ruleContext, who } from './signal.ts';
import type { EntityId, HouseholdSnapshot, WarningCandidate } from './types.ts';

export interface ExpectedAssistance {
  /** Entitlement code: `dibao_allowance`, `medical_premium_subsidy`, or an assistance code of the pack. */
  code: string;
  /** Chinese name, e.g. 教育救助. */
  name: string;
  /** Responsible department, when not civil affairs. */
  department?: string | undefined;
  /** The member entitled, or null for the household as a whole. */
  personId: EntityId | null;
  /** The day the entitlement started (the decision's effective date). */
  since: IsoDate;
}

export interface ReceivedAssistance {
  code: string;
  /** The member it was given to, or null when given to the household (it covers every member). */
  personId: EntityId | null;
}

function covered(e: ExpectedAssistance, received: readonly ReceivedAssistance[]): boolean {
  return received.some(
    (r) =>
      r.code === e.code &&
      (e.personId === null || r.personId === null || String(r.personId) === String(e.personId)),
  );
}

export function policyNotImplemented(input: {
  household: HouseholdSnapshot;
  expected: readonly ExpectedAssistance[];
  received: readonly ReceivedAssistance[];
  rules: CompiledMonitoringRules;
  runDate: IsoDate;
}): WarningCandidate[] {
  const grace = input.rules.policyGraceDays;
  if (grace === null) return [];
  const ctx = ruleContext(input.household, input.rules, input.runDate);
  const out = new Map<string, WarningCandidate>();
  for (const e of input.expected) {
    if (addDays(e.since, grace) > input.runDate || covered(e, input.received)) continue;
    const member = e.personId === null ? undefined : ctx.member(e.personId);
    if (e.personId !== null && (!member || member.deathDate !== null)) continue;
    const whom = member ? who(member) : '家庭';
    const dept = e.department ? `（${e.department}负责）` : '';
    const c = propose(
      ctx,
      {
        type: 'policy_not_implemented',
        subject: member ? { person: member.personId } : { household: input.household.householdId },
        fact: [e.code, e.since],
        evidence: [],
        reason: `${whom}自 ${e.since} 起应享受“${e.name}”${dept}，超过 ${grace} 天救助链中仍无落实记录`,
      },
      false,
    );
    if (c) out.set(c.signalKey, c);
  }
  return [...out.values()].sort((a, b) =>
    a.signalKey < b.signalKey ? -1 : a.signalKey > b.signalKey ? 1 : 0,
  );
}
