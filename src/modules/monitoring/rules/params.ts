/**
 * The rules' parameters, read from a resolved policy pack (`monitoring.rules` and the asset limits
 * of `assets`) once per pack. Every number comes from the pack: a missing or invalid parameter does
 * not fall back to a value in code, it switches the rules that need it off and is reported in
 * `problems` (Chinese) so the run can say which warnings were not produced and why.
 *
 * Parameters beyond those `pack-schema.ts` already types (read here defensively):
 *
 * ```yaml
 * monitoring:
 *   rules:
 *     levels: { death: red, unemployment: yellow, … }   # level per warning type; null switches it off
 *     dangerousHousingLevels: { C: orange, D: red }       # level per 危房 grade; null: not warned
 *     vehicleMinValue: null        # yuan; vehicles worth less are not counted (null: all count)
 *     businessMinCapital: null     # yuan; registrations with less capital are not counted (null: all)
 *     policyNotImplementedGraceDays: 30   # days after an entitlement starts before it counts as missed
 * ```
 */
import { z } from 'zod';
import { yuanToFen } from '../../../core/money.ts';
import { toMicro } from '../../../policy/compiled-pack.ts';
import type { HousingGrade } from '../feeds/feed-types.ts';
import { type Level, type RuleProblem, WARNING_TYPE_LIST, WARNING_TYPES, type WarningType } from './types.ts';

/** The part of a resolved `PolicyPack` the rules read (a `PolicyPack` fits). */
export interface MonitoringPackView {
  id: string;
  version: number;
  assets: { maxVehicles: number; maxExtraHousing: number; businessAllowed: boolean };
  monitoring: { rules: Readonly<Record<string, unknown>> };
}

export interface CompiledMonitoringRules {
  pack: { id: string; version: number };
  /** Null: no deadlines, so no rule runs. */
  verificationDays: Record<Level, number> | null;
  /** Level per type; null = switched off by the pack; absent = missing (in `problems`). */
  levels: Partial<Record<WarningType, Level | null>>;
  surge: {
    amountFen: number;
    incomeRatioMicro: number | null;
    incomeRatio: number | null;
    windowDays: number;
  } | null;
  disasterLossFen: number | null;
  highIncomeAnnualFen: number | null;
  dangerousHousingLevels: Partial<Record<HousingGrade, Level | null>> | null;
  vehicle: { maxVehicles: number; minValueFen: number | null } | null;
  business: { allowed: boolean; minCapitalFen: number | null } | null;
  realEstate: { maxExtraHousing: number } | null;
  policyGraceDays: number | null;
  problems: RuleProblem[];
}

const level = z.enum(['red', 'orange', 'yellow']).nullable();
const days = z.number().int().positive().max(365);
const yuan = z.number().nonnegative().max(100_000_000);
const positiveYuan = z.number().positive().max(100_000_000);

const schemas = {
  verificationDays: z.strictObject({ red: days, orange: days, yellow: days }),
  medicalSelfPaySurge: z.strictObject({
    amount: positiveYuan,
    incomeRatio: z.number().positive().max(100).nullable(),
    windowDays: days,
  }),
  disasterLoss: positiveYuan,
  highIncomeAnnual: positiveYuan,
  levels: z.record(z.string(), z.unknown()),
  dangerousHousingLevels: z.strictObject({ C: level.optional(), D: level.optional() }),
  vehicleMinValue: yuan.nullable(),
  businessMinCapital: yuan.nullable(),
  policyNotImplementedGraceDays: z.number().int().nonnegative().max(3650),
};

type ParamName = keyof typeof schemas;
type ParamValue<N extends ParamName> = z.output<(typeof schemas)[N]>;

const cache = new WeakMap<MonitoringPackView, CompiledMonitoringRules>();

/** Reads and checks the monitoring parameters of a resolved pack; cached per pack object. */
export function compileMonitoringRules(pack: MonitoringPackView): CompiledMonitoringRules {
  const cached = cache.get(pack);
  if (cached) return cached;
  const problems: RuleProblem[] = [];
  const label = `政策参数包 ${pack.id} 第${pack.version}版`;
  const raw = pack.monitoring.rules;

  /** `{ value }` when present and valid; undefined (and a problem) when missing or invalid. */
  function read<N extends ParamName>(name: N, affected: string): { value: ParamValue<N> } | undefined {
    const parameter = `monitoring.rules.${name}`;
    if (raw[name] === undefined) {
      problems.push({ parameter, message: `${label}缺少 ${parameter}，${affected}不生成` });
      return undefined;
    }
    const parsed = schemas[name].safeParse(raw[name]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `.${issue.path.join('.')}` : '';
      problems.push({
        parameter,
        message: `${label}的 ${parameter}${where} 无效（${issue?.message ?? '格式错误'}），${affected}不生成`,
      });
      return undefined;
    }
    return { value: parsed.data as ParamValue<N> };
  }
  const zh = (type: WarningType): string => `“${WARNING_TYPES[type].zh}”预警`;

  const deadlines = read('verificationDays', '无法计算限时核查期限，所有预警都');
  const levels: Partial<Record<WarningType, Level | null>> = {};
  const levelMap = read('levels', '除危房外的各类预警');
  for (const type of levelMap ? WARNING_TYPE_LIST : []) {
    if (type === 'dangerous_housing') continue; // by grade: dangerousHousingLevels
    const value = levelMap!.value[type];
    const parsed = level.safeParse(value);
    if (value !== undefined && parsed.success) {
      levels[type] = parsed.data;
    } else {
      const parameter = `monitoring.rules.levels.${type}`;
      const why =
        value === undefined
          ? `缺少 ${parameter}`
          : `的 ${parameter} 无效（应为 red、orange、yellow 或 null）`;
      problems.push({ parameter, message: `${label}${why}，${zh(type)}不生成` });
    }
  }

  const surge = read('medicalSelfPaySurge', zh('expenditure_surge'))?.value;
  const disasterLoss = read('disasterLoss', zh('disaster_loss'))?.value;
  const highIncome = read('highIncomeAnnual', zh('possibly_ineligible_high_income'))?.value;
  const housing = read('dangerousHousingLevels', zh('dangerous_housing'))?.value;
  const vehicleMin = read('vehicleMinValue', zh('possibly_ineligible_vehicle'));
  const businessMin = read('businessMinCapital', zh('possibly_ineligible_business'));
  const grace = read('policyNotImplementedGraceDays', zh('policy_not_implemented'))?.value;
  const fen = (y: number | null): number | null => (y === null ? null : yuanToFen(y));

  const compiled: CompiledMonitoringRules = {
    pack: { id: pack.id, version: pack.version },
    verificationDays: deadlines?.value ?? null,
    levels,
    surge: surge
      ? {
          amountFen: yuanToFen(surge.amount),
          incomeRatio: surge.incomeRatio,
          incomeRatioMicro: surge.incomeRatio === null ? null : toMicro(surge.incomeRatio),
          windowDays: surge.windowDays,
        }
      : null,
    disasterLossFen: disasterLoss === undefined ? null : yuanToFen(disasterLoss),
    highIncomeAnnualFen: highIncome === undefined ? null : yuanToFen(highIncome),
    dangerousHousingLevels: housing ?? null,
    vehicle: vehicleMin ? { maxVehicles: pack.assets.maxVehicles, minValueFen: fen(vehicleMin.value) } : null,
    business: businessMin
      ? { allowed: pack.assets.businessAllowed, minCapitalFen: fen(businessMin.value) }
      : null,
    realEstate: { maxExtraHousing: pack.assets.maxExtraHousing },
    policyGraceDays: grace ?? null,
    problems,
  };
  cache.set(pack, compiled);
  return compiled;
}

/** The level a warning type is raised at, or null when the pack switches it off or lacks it. */
export function levelOf(rules: CompiledMonitoringRules, type: WarningType): Level | null {
  if (!rules.verificationDays) return null;
  return rules.levels[type] ?? null;
}
