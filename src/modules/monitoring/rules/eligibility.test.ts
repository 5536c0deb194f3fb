import { describe, expect, it } from 'vitest';
import { d, ev, household, member, RUN_DATE, testRules, yuan } from './__fixtures__/factories.ts';
import { annualIncome } from './eligibility.ts';
import { evaluateHousehold } from './evaluate.ts';
import type { EvidenceRow, HouseholdSnapshot } from './types.ts';

const rules = testRules();
const run = (h: HouseholdSnapshot, evidence: EvidenceRow[], r = rules) =>
  evaluateHousehold({ household: h, evidence, rules: r, runDate: RUN_DATE }).warnings;

const head = member(1);
const spouse = member(2, { relation: 'spouse' });
const assisted = household([head, spouse], { categories: ['dibao'] });
const pool = household([head, spouse], { categories: [] });

const car = (personId: number, plate: string, value: number | null = null) =>
  ev('vehicle', personId, {
    plate,
    registered_on: d('2024-06-30'),
    value: value === null ? null : yuan(value),
  });
const firm = (personId: number, company: string, capital: number | null = null) =>
  ev('business', personId, {
    company,
    registered_on: d('2023-04-18'),
    capital: capital === null ? null : yuan(capital),
  });
const flat = (personId: number, address: string, area: number | null = 90) =>
  ev('real_estate', personId, { address, registered_on: d('2024-10-09'), area });
const income = (personId: number, period: string, amount: number) =>
  ev('high_income', personId, { period, amount: yuan(amount) });

describe('possibly no longer eligible (应退尽退)', () => {
  it('is only checked for households assisted after a means test (or with a member assisted alone)', () => {
    const evidence = [car(1, '鲁D·A1234'), firm(1, '某某商贸有限公司'), income(1, '2024', 200000)];
    expect(run(pool, evidence)).toEqual([]);
    expect(run(household([head, spouse], { categories: ['relapse_monitor'] }), evidence)).toEqual([]);
    const alone = household([head, member(2, { relation: 'spouse', categories: ['tekun'] })], {
      categories: [],
    });
    expect(run(alone, evidence)).toHaveLength(3);
  });

  describe('vehicles', () => {
    it('counts distinct plates against assets.maxVehicles', () => {
      expect(run(assisted, [car(1, '鲁D·A1234', 86000)]).map((w) => [w.type, w.level, w.personId])).toEqual([
        ['possibly_ineligible_vehicle', 'yellow', null],
      ]);
      const oneAllowed = testRules({}, { maxVehicles: 1 });
      expect(run(assisted, [car(1, '鲁D·A1234'), car(2, '鲁DA1234')], oneAllowed)).toEqual([]); // one plate
      const [w] = run(assisted, [car(1, '鲁D·A1234', 86000), car(2, '鲁D·B5678')], oneAllowed);
      expect(w?.reason).toBe(
        '家庭成员名下登记机动车 2 辆，已知价值合计 86000.00 元，超过家庭财产条件允许的 1 辆，可能不再符合救助条件',
      );
    });

    it('leaves out vehicles worth less than vehicleMinValue, counting those of unknown value', () => {
      const r = testRules({ vehicleMinValue: 50000 });
      expect(run(assisted, [car(1, '鲁D·A1234', 49999.99)], r)).toEqual([]);
      expect(run(assisted, [car(1, '鲁D·A1234', 50000)], r)).toHaveLength(1);
      expect(run(assisted, [car(1, '鲁D·A1234')], r)).toHaveLength(1);
    });

    it('keys by the set of plates, whatever the order and spelling', () => {
      const a = run(assisted, [car(1, '鲁D·A1234'), car(2, '鲁D·B5678')])[0]?.signalKey;
      const b = run(assisted, [car(2, '鲁d b5678'), car(1, '鲁DA1234')])[0]?.signalKey;
      const c = run(assisted, [car(1, '鲁D·A1234')])[0]?.signalKey;
      expect(a).toMatch(/^possibly_ineligible_vehicle:h7:[0-9a-f]{16}$/);
      expect(b).toBe(a);
      expect(c).not.toBe(a);
    });
  });

  describe('business registrations', () => {
    it('warns per member and company when the pack does not allow a business', () => {
      const w = run(assisted, [
        firm(1, '某某商贸有限公司', 500000),
        firm(1, '某某 商贸有限公司'),
        firm(2, '另一家店'),
      ]);
      expect(w.map((x) => [x.type, x.personId])).toEqual([
        ['possibly_ineligible_business', 1],
        ['possibly_ineligible_business', 2],
      ]);
      expect(run(assisted, [firm(1, '某某商贸有限公司')], testRules({}, { businessAllowed: true }))).toEqual(
        [],
      );
    });

    it('leaves out registrations with less capital than businessMinCapital', () => {
      const r = testRules({ businessMinCapital: 100000 });
      expect(run(assisted, [firm(1, '小店', 99999.99)], r)).toEqual([]);
      expect(run(assisted, [firm(1, '小店', 100000)], r)).toHaveLength(1);
    });
  });

  describe('real estate', () => {
    it('allows the dwelling plus assets.maxExtraHousing', () => {
      expect(run(assisted, [flat(1, '光明路17号')])).toEqual([]);
      const [w] = run(assisted, [flat(1, '光明路17号'), flat(2, '光明路 17 号'), flat(2, '建设路3号', 60.5)]);
      expect(w?.reason).toBe(
        '家庭成员名下登记不动产 2 处，已知面积合计 150.50 平方米，超过家庭财产条件允许的 1 处（自住 1 处 + 其他 0 处），可能不再符合救助条件',
      );
      const oneExtra = testRules({}, { maxExtraHousing: 1 });
      expect(run(assisted, [flat(1, 'A'), flat(1, 'B')], oneExtra)).toEqual([]);
      expect(run(assisted, [flat(1, 'A'), flat(1, 'B'), flat(1, 'C')], oneExtra)).toHaveLength(1);
    });
  });

  describe('high income', () => {
    it('is raised at highIncomeAnnual and not a fen below it, per person and year', () => {
      expect(run(assisted, [income(1, '2024', 99999.99)])).toEqual([]);
      const w = run(assisted, [income(1, '2024', 100000), income(1, '2023', 150000)]);
      expect(w.map((x) => x.signalKey)).toEqual([
        'possibly_ineligible_high_income:p1:2023',
        'possibly_ineligible_high_income:p1:2024',
      ]);
      expect(w[1]?.reason).toBe(
        '户主 2024 年收入 100000.00 元（税务部门数据），达到高收入预警线 100000.00 元，可能不再符合救助条件',
      );
    });

    it('adds up months and quarters, without counting a year twice', () => {
      const months = Array.from({ length: 12 }, (_, i) =>
        income(1, `2024-${String(i + 1).padStart(2, '0')}`, 8333.34),
      );
      expect(run(assisted, months).map((w) => w.signalKey)).toEqual([
        'possibly_ineligible_high_income:p1:2024',
      ]);
      expect(
        annualIncome([
          income(1, '2024', 90000),
          income(1, '2024-Q1', 30000),
          income(1, '2024-Q2', 30000),
        ]).get(2024),
      ).toBe(yuan(90000));
      expect(annualIncome([income(1, '2024', 50000), ...months]).get(2024)).toBe(yuan(100000.08));
    });
  });
});
