import { describe, expect, it } from 'vitest';
import { d, ev, household, member, RUN_DATE, testRules, yuan } from './__fixtures__/factories.ts';
import { evaluateHousehold } from './evaluate.ts';
import { mainLabourerIds } from './population.ts';
import type { EvidenceRow, HouseholdSnapshot } from './types.ts';

const rules = testRules();
const run = (h: HouseholdSnapshot, evidence: EvidenceRow[]) =>
  evaluateHousehold({ household: h, evidence, rules, runDate: RUN_DATE }).warnings;
const death = (personId: number, date: string, ref?: string) =>
  ev('death', personId, { death_date: d(date) }, ref ? { ref } : {});

const labourer = member(1, { isMainLabourer: true, monthlyIncomeFen: yuan(3000) });
const spouse = member(2, { relation: 'spouse', laborCapacity: 'none' });

describe('death (人口变化) and main-labourer death (收入骤减)', () => {
  it('raises both for the main labourer of a household where someone lives on', () => {
    const warnings = run(household([labourer, spouse]), [death(1, '2025-03-01', 'x')]);
    expect(warnings.map((w) => [w.type, w.level, w.signalKey, w.personId, w.deadline, w.evidence])).toEqual([
      ['death', 'red', 'death:p1', 1, '2025-03-18', ['x']],
      ['main_labourer_death', 'red', 'main_labourer_death:p1', 1, '2025-03-18', ['x']],
    ]);
    expect(warnings[0]?.reason).toBe(
      '户主于 2025-03-01 死亡，家庭人口发生变化；正享受低保，应核实后停发或调整救助金',
    );
    expect(warnings[1]?.reason).toBe(
      '家庭主要劳动力户主于 2025-03-01 死亡，其月收入 3000.00 元，家庭收入可能骤减，家中尚有 1 人，需重新核查家庭经济状况',
    );
    expect(warnings[0]?.route).toBe('verify_and_terminate');
  });

  it('raises only the population change for another member, or in a household of one', () => {
    expect(run(household([labourer, spouse]), [death(2, '2025-03-01')]).map((w) => w.type)).toEqual([
      'death',
    ]);
    expect(run(household([labourer]), [death(1, '2025-03-01')]).map((w) => w.type)).toEqual(['death']);
    // Both die: nobody lives on whose income drops.
    expect(
      run(household([labourer, spouse]), [death(1, '2025-03-01'), death(2, '2025-03-02')]).map((w) => w.type),
    ).toEqual(['death', 'death']);
  });

  it('says nothing about a death the database already records', () => {
    const dead = member(1, { isMainLabourer: true, deathDate: d('2025-03-01') });
    expect(run(household([dead, spouse]), [death(1, '2025-03-01')])).toEqual([]);
  });

  it('keys a death by the person alone: two sources with different dates are one signal', () => {
    const warnings = run(household([labourer, spouse]), [
      death(1, '2025-03-01', 'a'),
      death(1, '2025-02-28', 'b'),
    ]);
    expect(warnings.map((w) => w.signalKey)).toEqual(['death:p1', 'main_labourer_death:p1']);
    expect(warnings[0]?.evidence).toEqual(['a', 'b']);
    expect(warnings[0]?.reason).toContain(
      '于 2025-02-28 死亡（各来源死亡日期不一致：2025-02-28、2025-03-01）',
    );
    expect(run(household([labourer, spouse]), [death(1, '2025-01-01')])[0]?.signalKey).toBe('death:p1');
  });

  it('does not mention payments for a household that is not assisted', () => {
    const [w] = run(household([spouse], { categories: [] }), [death(2, '2025-03-01')]);
    expect(w?.reason).toBe('家庭成员（配偶）于 2025-03-01 死亡，家庭人口发生变化');
  });
});

describe('mainLabourerIds', () => {
  it('picks the living able members with the highest income, all of them on a tie', () => {
    const a = member(1, { monthlyIncomeFen: 300_000 });
    const b = member(2, { monthlyIncomeFen: 300_000, laborCapacity: 'partial' });
    const c = member(3, { monthlyIncomeFen: 100_000 });
    const rich = member(4, { monthlyIncomeFen: 900_000, laborCapacity: 'none' });
    const gone = member(5, { monthlyIncomeFen: 900_000, deathDate: d('2024-01-01') });
    expect(mainLabourerIds([a, b, c, rich, gone])).toEqual([1, 2]);
  });

  it('falls back to members with full labour capacity when nobody earns', () => {
    expect(mainLabourerIds([member(1, { laborCapacity: 'partial' }), member(2), member(3)])).toEqual([2, 3]);
    expect(mainLabourerIds([member(1, { laborCapacity: 'none' })])).toEqual([]);
  });
});
