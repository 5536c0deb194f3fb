import { describe, expect, it } from 'vitest';
import type { DisabilityType } from '../../../policy/household-input.ts';
import type { DisabilityGradeCode, DisabilityTypeCode } from '../feeds/feed-types.ts';
import { d, ev, household, member, RUN_DATE, testRules, yuan } from './__fixtures__/factories.ts';
import { evaluateHousehold } from './evaluate.ts';
import { isSevereDisability, schoolYearOf } from './hardship.ts';
import type { EvidenceRow, HouseholdSnapshot } from './types.ts';

const rules = testRules();
const run = (h: HouseholdSnapshot, evidence: EvidenceRow[], r = rules) =>
  evaluateHousehold({ household: h, evidence, rules: r, runDate: RUN_DATE }).warnings;
const keys = (h: HouseholdSnapshot, evidence: EvidenceRow[], r = rules) =>
  run(h, evidence, r).map((w) => w.signalKey);

const head = member(1, { monthlyIncomeFen: yuan(2500), employed: true });
const child = member(2, { relation: 'child' });
const home = (overrides: Partial<HouseholdSnapshot> = {}) => household([head, child], overrides);

describe('unemployment (收入无法持续稳定)', () => {
  it('raises one warning per registration, with the income on record', () => {
    const w = run(home(), [
      ev('unemployment', 1, { registered_on: d('2025-02-03') }),
      ev('unemployment', 1, { registered_on: d('2025-02-03') }),
      ev('unemployment', 1, { registered_on: d('2024-05-01') }),
    ]);
    expect(w.map((x) => [x.signalKey, x.level, x.deadline, x.evidence.length])).toEqual([
      ['unemployment:p1:2024-05-01', 'yellow', '2025-03-30', 1],
      ['unemployment:p1:2025-02-03', 'yellow', '2025-03-30', 2],
    ]);
    expect(w[1]?.reason).toBe(
      '户主于 2025-02-03 登记失业，原记录月收入 2500.00 元，家庭收入可能无法持续稳定',
    );
  });

  it('says nothing about a member whose death is recorded', () => {
    const dead = member(1, { deathDate: d('2025-01-01') });
    expect(
      run(household([dead, child]), [ev('unemployment', 1, { registered_on: d('2025-02-03') })]),
    ).toEqual([]);
  });
});

describe('disaster loss (财产遭受重大损失)', () => {
  const loss = (personId: number, amount: number, type = '洪涝', date = '2024-07-12') =>
    ev('disaster', personId, { disaster_type: type, loss_amount: yuan(amount), occurred_on: d(date) });

  it('sums the members’ losses in one disaster: a fen under the threshold is nothing, the threshold is a warning', () => {
    expect(run(home(), [loss(1, 15000), loss(2, 4999.99)])).toEqual([]);
    const [w] = run(home(), [loss(1, 15000), loss(2, 5000)]);
    expect(w).toMatchObject({ type: 'disaster_loss', level: 'orange', personId: null });
    expect(w?.signalKey).toMatch(/^disaster_loss:h7:2024-07-12:[0-9a-f]{16}$/);
    expect(w?.reason).toBe(
      '2024-07-12 遭受洪涝灾害，家庭成员损失合计 20000.00 元，达到财产重大损失预警线 20000.00 元',
    );
  });

  it('keeps different disasters apart and recognises the same one however its type is written', () => {
    expect(run(home(), [loss(1, 15000), loss(2, 15000, '风雹')])).toEqual([]);
    expect(keys(home(), [loss(1, 20000, '洪涝')])).toEqual(keys(home(), [loss(1, 25000, ' 洪涝 ')]));
    expect(keys(home(), [loss(1, 20000, '洪涝')])).not.toEqual(
      keys(home(), [loss(1, 20000, '洪涝', '2024-07-13')]),
    );
  });
});

describe('disability (因残困难；新增重度残疾)', () => {
  const cert = (grade: DisabilityGradeCode, type: DisabilityTypeCode, personId = 2) =>
    ev('disability', personId, { grade, type, certified_on: d('2024-12-20') });

  it('defines severe as grade 1–2 of any type, or grade 3–4 intellectual or mental', () => {
    const severe = [];
    for (const g of [1, 2, 3, 4]) {
      for (const t of ['visual', 'physical', 'intellectual', 'mental', 'multiple']) {
        if (isSevereDisability(g, t)) severe.push(`${g}${t}`);
      }
    }
    expect(severe).toEqual([
      '1visual',
      '1physical',
      '1intellectual',
      '1mental',
      '1multiple',
      '2visual',
      '2physical',
      '2intellectual',
      '2mental',
      '2multiple',
      '3intellectual',
      '3mental',
      '4intellectual',
      '4mental',
    ]);
  });

  it('raises a new severe disability at grade 2 physical and grade 4 mental; grade 3 physical is a disability', () => {
    expect(run(home(), [cert('2', 'physical')]).map((w) => [w.type, w.level, w.signalKey])).toEqual([
      ['severe_disability', 'orange', 'severe_disability:p2:2:physical'],
    ]);
    expect(run(home(), [cert('4', 'mental')]).map((w) => w.type)).toEqual(['severe_disability']);
    expect(run(home(), [cert('3', 'physical')]).map((w) => [w.type, w.level])).toEqual([
      ['disability', 'yellow'],
    ]);
    expect(run(home(), [cert('2', 'physical')])[0]?.reason).toBe(
      '家庭成员（子女）持残疾人证：肢体残疾二级（发证日期 2024-12-20），属重度残疾，数据库中未记录残疾；可能符合重度残疾人增发、单人户等政策',
    );
  });

  it('compares with the disability on record', () => {
    const recorded = (grade: number, type: DisabilityType) =>
      household([head, member(2, { relation: 'child', disability: { grade, type } })]);
    expect(run(recorded(1, 'visual'), [cert('2', 'physical')])).toEqual([]); // already severe
    expect(run(recorded(3, 'physical'), [cert('2', 'physical')]).map((w) => w.type)).toEqual([
      'severe_disability',
    ]);
    expect(run(recorded(3, 'physical'), [cert('3', 'physical')])).toEqual([]); // same grade
    expect(run(recorded(4, 'physical'), [cert('3', 'visual')]).map((w) => w.type)).toEqual(['disability']);
  });

  it('takes the most severe certificate of a person', () => {
    const w = run(home(), [cert('4', 'visual'), cert('1', 'hearing'), cert('3', 'physical')]);
    expect(w.map((x) => x.signalKey)).toEqual(['severe_disability:p2:1:hearing']);
    expect(w[0]?.evidence).toHaveLength(1);
  });
});

describe('serious illness (因病困难)', () => {
  const diag = (diagnosis: string, date = '2025-01-07', personId = 2) =>
    ev('serious_illness', personId, { diagnosis, diagnosed_on: d(date) });

  it('raises for a member not recorded as seriously ill, keeping the diagnosis out of the reason', () => {
    const [w] = run(home(), [diag('急性白血病')]);
    expect(w).toMatchObject({ type: 'serious_illness', level: 'orange', personId: 2 });
    expect(w?.reason).toBe(
      '家庭成员（子女）于 2025-01-07 确诊重病（卫健部门数据），数据库中未记录重病，存在因病困难',
    );
    expect(w?.reason).not.toContain('白血病');
    expect(run(household([head, member(2, { seriousIllness: true })]), [diag('急性白血病')])).toEqual([]);
  });

  it('keys by the diagnosis, however it is spaced or punctuated', () => {
    expect(keys(home(), [diag('急性 白血病', '2025-02-01')])).toEqual(
      keys(home(), [diag('急性白血病（AML）'.slice(0, 5))]),
    );
    expect(keys(home(), [diag('急性白血病'), diag('尿毒症')])).toHaveLength(2);
  });
});

describe('hardship student (因学困难)', () => {
  const student = (date: string) =>
    ev('hardship_student', 2, { school: '枣庄市第十五中学', stage: 'junior', recognized_on: d(date) });

  it('raises for a household civil affairs does not assist, one warning per school year', () => {
    const pool = home({ categories: [] });
    expect(run(pool, [student('2024-09-20')]).map((w) => [w.signalKey, w.level])).toEqual([
      ['hardship_student:p2:2024', 'yellow'],
    ]);
    expect(keys(pool, [student('2024-09-20'), student('2025-03-01')])).toEqual(['hardship_student:p2:2024']);
    expect(run(pool, [student('2024-09-20')])[0]?.reason).toBe(
      '家庭成员（子女）被教育部门认定为家庭经济困难学生（初中，2024学年，认定日期 2024-09-20），家庭尚未纳入社会救助，可能符合救助条件',
    );
  });

  it('is not raised for an assisted household or a member assisted alone', () => {
    expect(run(home(), [student('2024-09-20')])).toEqual([]);
    const single = household([head, member(2, { relation: 'child', categories: ['tekun'] })], {
      categories: [],
    });
    expect(run(single, [student('2024-09-20')])).toEqual([]);
  });

  it('starts the school year on 1 September', () => {
    expect(schoolYearOf('2024-08-31')).toBe(2023);
    expect(schoolYearOf('2024-09-01')).toBe(2024);
    expect(schoolYearOf('2025-01-15')).toBe(2024);
  });
});

describe('relapse monitoring (防止返贫监测对象)', () => {
  const listed = (
    personId: number,
    date: string,
    type: 'sudden_hardship' | 'edge_prone' = 'sudden_hardship',
  ) =>
    ev('relapse_monitor', personId, { monitor_type: type, household_head_id: null, identified_on: d(date) });

  it('enters the household into monitoring once, from the earliest identification', () => {
    const w = run(home({ categories: [] }), [
      listed(1, '2025-01-05'),
      listed(2, '2025-01-05'),
      listed(2, '2025-02-01'),
    ]);
    expect(w.map((x) => [x.signalKey, x.level, x.personId, x.evidence.length])).toEqual([
      ['relapse_monitor:h7:2025-01-05:sudden_hardship', 'yellow', null, 3],
    ]);
    expect(w[0]?.reason).toBe(
      '农业农村部门认定为防止返贫监测对象（突发严重困难户，识别日期 2025-01-05），按规定直接纳入低收入人口动态监测',
    );
  });

  it('is not raised for a household already in that category', () => {
    expect(run(home({ categories: ['relapse_monitor'] }), [listed(1, '2025-01-05')])).toEqual([]);
  });
});

describe('dangerous housing (危房)', () => {
  const house = (grade: 'C' | 'D', date = '2024-11-15') =>
    ev('dangerous_housing', 1, { grade, assessed_on: d(date) });

  it('raises grade C orange and grade D red, the worst grade when both are reported', () => {
    expect(run(home(), [house('C')]).map((w) => [w.signalKey, w.level, w.deadline])).toEqual([
      ['dangerous_housing:h7:C', 'orange', '2025-03-22'],
    ]);
    expect(run(home(), [house('C'), house('D')]).map((w) => [w.signalKey, w.level, w.deadline])).toEqual([
      ['dangerous_housing:h7:D', 'red', '2025-03-18'],
    ]);
  });

  it('follows the pack: a grade set to null is not warned', () => {
    const r = testRules({ dangerousHousingLevels: { C: null, D: 'red' } });
    expect(run(home(), [house('C')], r)).toEqual([]);
    expect(run(home(), [house('C'), house('D')], r).map((w) => w.signalKey)).toEqual([
      'dangerous_housing:h7:D',
    ]);
    const dOff = testRules({ dangerousHousingLevels: { C: 'orange', D: null } });
    expect(run(home(), [house('C'), house('D')], dOff).map((w) => w.signalKey)).toEqual([
      'dangerous_housing:h7:C',
    ]);
  });
});
