import { describe, expect, it } from 'vitest';
import { addDays } from '../../../core/dates.ts';
import { d, household, member, RUN_DATE, testRules } from './__fixtures__/factories.ts';
import {
  type ExpectedAssistance,
  policyNotImplemented,
  type ReceivedAssistance,
} from './policy-not-implemented.ts';

const rules = testRules();
const home = household([member(1), member(2, { relation: 'child' })]);
const education = (since: string, personId: number | null = 2): ExpectedAssistance => ({
  code: 'education',
  name: '教育救助',
  department: '教育',
  personId,
  since: d(since),
});
const run = (expected: ExpectedAssistance[], received: ReceivedAssistance[] = [], r = rules) =>
  policyNotImplemented({ household: home, expected, received, rules: r, runDate: RUN_DATE });

describe('policy not implemented (政策未落实)', () => {
  it('waits policyNotImplementedGraceDays after the entitlement starts: due on the day, not the day before', () => {
    const due = addDays(RUN_DATE, -30);
    expect(run([education(addDays(due, 1))])).toEqual([]);
    expect(run([education(due)])).toEqual([
      {
        type: 'policy_not_implemented',
        level: 'orange',
        signalKey: `policy_not_implemented:p2:education:${due}`,
        householdId: 7,
        personId: 2,
        evidence: [],
        deadline: '2025-03-22',
        reason: `家庭成员（子女）自 ${due} 起应享受“教育救助”（教育负责），超过 30 天救助链中仍无落实记录`,
        route: 'implement_policy',
      },
    ]);
  });

  it('counts assistance given to the person, or to the whole household, as implemented', () => {
    expect(run([education('2024-09-01')], [{ code: 'education', personId: 2 }])).toEqual([]);
    expect(run([education('2024-09-01')], [{ code: 'education', personId: null }])).toEqual([]);
    expect(run([education('2024-09-01')], [{ code: 'education', personId: 1 }])).toHaveLength(1);
    expect(run([education('2024-09-01')], [{ code: 'housing', personId: 2 }])).toHaveLength(1);
  });

  it('returns one warning per missing item, keyed by item, subject and start', () => {
    const w = run([
      education('2024-09-01'),
      education('2024-09-01'),
      { code: 'dibao_allowance', name: '低保金', personId: null, since: d('2024-12-01') },
    ]);
    expect(w.map((x) => [x.signalKey, x.personId])).toEqual([
      ['policy_not_implemented:h7:dibao_allowance:2024-12-01', null],
      ['policy_not_implemented:p2:education:2024-09-01', 2],
    ]);
    expect(w[0]?.reason).toBe('家庭自 2024-12-01 起应享受“低保金”，超过 30 天救助链中仍无落实记录');
  });

  it('is silent without the grace period in the pack', () => {
    expect(
      run([education('2024-09-01')], [], testRules({ policyNotImplementedGraceDays: undefined })),
    ).toEqual([]);
  });
});
