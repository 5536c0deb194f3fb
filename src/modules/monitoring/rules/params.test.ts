import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadCatalog } from '../../../policy/pack-files.ts';
import {
  ev,
  household,
  member,
  packView,
  RUN_DATE,
  TEST_LEVELS,
  testRules,
} from './__fixtures__/factories.ts';
import { evaluateHousehold } from './evaluate.ts';
import { compileMonitoringRules, levelOf } from './params.ts';
import { WARNING_TYPE_LIST } from './types.ts';

const death = () => ev('death', 1, { death_date: RUN_DATE });
const evaluate = (rules: ReturnType<typeof testRules>) =>
  evaluateHousehold({
    household: household([member(1), member(2)]),
    evidence: [death()],
    rules,
    runDate: RUN_DATE,
  });

describe('monitoring parameters', () => {
  it('compiles a complete pack without problems, amounts in fen', () => {
    const r = testRules();
    expect(r.problems).toEqual([]);
    expect(r.surge).toEqual({
      amountFen: 2_000_000,
      incomeRatio: 0.5,
      incomeRatioMicro: 500_000,
      windowDays: 180,
    });
    expect(r.disasterLossFen).toBe(2_000_000);
    expect(r.highIncomeAnnualFen).toBe(10_000_000);
    expect(r.vehicle).toEqual({ maxVehicles: 0, minValueFen: null });
    expect(r.business).toEqual({ allowed: false, minCapitalFen: null });
    expect(levelOf(r, 'death')).toBe('red');
  });

  it('switches a rule off and says why when its parameter is missing, never inventing a value', () => {
    const view = packView();
    delete (view.monitoring.rules as Record<string, unknown>).disasterLoss;
    const r = compileMonitoringRules(view);
    expect(r.disasterLossFen).toBeNull();
    expect(r.problems).toEqual([
      {
        parameter: 'monitoring.rules.disasterLoss',
        message: '政策参数包 test-pack 第1版缺少 monitoring.rules.disasterLoss，“受灾损失”预警不生成',
      },
    ]);
  });

  it('produces no warning at all without verification deadlines', () => {
    const r = testRules({ verificationDays: undefined });
    expect(r.problems.map((p) => p.parameter)).toEqual(['monitoring.rules.verificationDays']);
    expect(r.problems[0]?.message).toContain('所有预警都不生成');
    expect(evaluate(r).warnings).toEqual([]);
  });

  it('reports each missing or invalid level; null switches a type off without a problem', () => {
    const { death: _, ...withoutDeath } = TEST_LEVELS;
    const r = testRules({ levels: { ...withoutDeath, unemployment: 'purple', hardship_student: null } });
    expect(r.problems.map((p) => p.parameter)).toEqual([
      'monitoring.rules.levels.death',
      'monitoring.rules.levels.unemployment',
    ]);
    expect(r.problems[1]?.message).toBe(
      '政策参数包 test-pack 第1版的 monitoring.rules.levels.unemployment 无效（应为 red、orange、yellow 或 null），“登记失业”预警不生成',
    );
    expect(levelOf(r, 'hardship_student')).toBeNull();
    expect(evaluate(r).warnings.map((w) => w.type)).toEqual([]);
  });

  it('reports a malformed parameter with its path', () => {
    const r = testRules({ medicalSelfPaySurge: { amount: -1, incomeRatio: null, windowDays: 180 } });
    expect(r.surge).toBeNull();
    expect(r.problems[0]?.message).toMatch(
      /^政策参数包 test-pack 第1版的 monitoring\.rules\.medicalSelfPaySurge\.amount 无效/,
    );
  });

  it('fits every shipped pack once the proposed parameters are added to cn-base', async () => {
    const catalog = await loadCatalog();
    const proposed = parseYaml(
      readFileSync(new URL('./__fixtures__/monitoring-rules.yaml', import.meta.url), 'utf8'),
    ) as { monitoring: { rules: Record<string, unknown> } };
    const concrete = [...catalog.entries.values()].filter((e) => e.pack.region !== null);
    expect(concrete.length).toBeGreaterThanOrEqual(5);
    for (const { pack } of concrete) {
      const rules = { ...proposed.monitoring.rules, ...pack.monitoring.rules };
      const compiled = compileMonitoringRules({ ...pack, monitoring: { ...pack.monitoring, rules } });
      expect(compiled.problems, pack.id).toEqual([]);
      for (const type of WARNING_TYPE_LIST) {
        if (type !== 'dangerous_housing')
          expect(levelOf(compiled, type), `${pack.id} ${type}`).not.toBeNull();
      }
    }
  });
});
