/**
 * Leaving 低保 / 特困 (SPEC §4.3): exit-and-transfer into the 低保边缘 / 刚性支出 assessment without a
 * new application, and the 渐退期 of a 低保 household whose income passes the standard through work.
 */
import { formatYuan, yuanToFen } from '../core/money.ts';
import { assessCompiled } from './assess.ts';
import { type CompiledPack, compilePack } from './compiled-pack.ts';
import type { Household } from './household-input.ts';
import type { PolicyPack } from './pack-schema.ts';
import type { AssessmentResult, ExplanationEntry } from './result.ts';

const compiled = (p: PolicyPack | CompiledPack): CompiledPack => ('ref' in p ? p : compilePack(p));

export interface TransferResult extends AssessmentResult {
  /** Months the household stays in the monitoring pool when nothing fits (monitoring.exitedMonths), else null. */
  monitoringMonths: number | null;
}

/**
 * A household leaving 低保 or 特困 goes, with its consent, straight into the 低保边缘 / 刚性支出
 * assessment (steps 3–4 over all members, and the 单人户 rules of an edge household). If nothing fits
 * it stays monitored for `monitoring.exitedMonths`.
 */
export function assessTransfer(h: Household, pack: PolicyPack | CompiledPack, date: string): TransferResult {
  const c = compiled(pack);
  const result = assessCompiled(h, c, date, 'transfer');
  return { ...result, monitoringMonths: result.category === 'none' ? c.pack.monitoring.exitedMonths : null };
}

export interface GradualExitInput {
  household: Household;
  pack: PolicyPack | CompiledPack;
  date: string;
  /** Whole months already paid in the 渐退期 (0 when the rise is first found). */
  monthsInGradualExit: number;
  /** The 低保 allowance being paid before the rise, yuan per month (continues unchanged). */
  currentMonthlyAllowance?: number;
}

export interface GradualExitDecision {
  /** still_eligible: still 低保/特困 on a fresh assessment; gradual_exit: allowance continues; exit: it stops. */
  status: 'still_eligible' | 'gradual_exit' | 'exit';
  continues: boolean;
  /** Months the allowance still continues, counting the current one (0 on exit). */
  monthsRemaining: number;
  /** The allowance that continues, yuan (the current allowance when given), or null. */
  monthlyAmount: number | null;
  explanation: ExplanationEntry[];
  /** The fresh assessment (still_eligible), or the exit-and-transfer assessment otherwise. */
  assessment: AssessmentResult;
  policy: { id: string; version: number };
}

/**
 * 渐退期: a 低保 household whose income now passes the standard *through employment* keeps its
 * allowance for up to `dibao.gradualExitMonths`. "Through employment" means: some member is employed
 * and, leaving out the employed members' incomes, the household would still be below n × S. Assets
 * must still be within limits. When the period is used up (or the rise is not from work) the
 * household exits, and the exit-and-transfer assessment says where it goes next.
 */
export function gradualExit(input: GradualExitInput): GradualExitDecision {
  const c = compiled(input.pack);
  const { household: h, date } = input;
  const policy = { id: c.pack.id, version: c.pack.version };
  const fresh = assessCompiled(h, c, date, 'full');
  const allowance =
    input.currentMonthlyAllowance === undefined ? null : yuanToFen(input.currentMonthlyAllowance) / 100;
  if (fresh.category === 'dibao' || fresh.category === 'tekun') {
    return {
      status: 'still_eligible',
      continues: true,
      monthsRemaining: 0,
      monthlyAmount: fresh.monthlyAllowance,
      explanation: [
        { rule: 'gradualExit.needed', passed: false, detail: '重新认定后仍符合低保（或特困）条件，无需渐退' },
      ],
      assessment: fresh,
      policy,
    };
  }

  // Recompute n, Y and the employed members' share over the members not assessed 特困.
  const tekunIds = new Set(fresh.members.filter((m) => m.category === 'tekun').map((m) => m.idNumber));
  const S = c.standard[h.residence];
  let n = 0;
  let Y = 0;
  let employedIncome = 0;
  for (const m of h.members) {
    if (tekunIds.has(m.idNumber)) continue;
    n++;
    const income = m.employed ? m.incomeFen - Math.min(m.incomeFen, c.employmentDeduction) : m.incomeFen;
    Y += income;
    if (m.employed) employedIncome += income;
  }
  const assetsOk = fresh.explanation.filter((e) => e.rule.startsWith('assets.')).every((e) => e.passed);
  const throughWork = employedIncome > 0 && Y - employedIncome < n * S;
  const max = c.pack.dibao.gradualExitMonths;
  const used = Math.max(0, Math.floor(input.monthsInGradualExit));
  const explanation: ExplanationEntry[] = [
    {
      rule: 'gradualExit.employment',
      passed: throughWork,
      detail: throughWork
        ? `家庭月收入 ${formatYuan(Y)} 元已达到 ${n} 人 × 低保标准 ${formatYuan(S)} 元，超出部分来自就业收入` +
          `（不计就业成员收入为 ${formatYuan(Y - employedIncome)} 元）`
        : '家庭收入超过低保标准并非因家庭成员就业，不适用渐退期',
    },
    {
      rule: 'gradualExit.assets',
      passed: assetsOk,
      detail: assetsOk ? '家庭财产符合规定' : '家庭财产不符合规定，不适用渐退期',
    },
  ];
  if (throughWork && assetsOk && used < max) {
    explanation.push({
      rule: 'gradualExit.months',
      passed: true,
      detail: `渐退期最长 ${max} 个月，已享受 ${used} 个月，本月起还可继续领取 ${max - used} 个月`,
    });
    return {
      status: 'gradual_exit',
      continues: true,
      monthsRemaining: max - used,
      monthlyAmount: allowance,
      explanation,
      assessment: assessTransfer(h, c, date),
      policy,
    };
  }
  if (throughWork && assetsOk) {
    explanation.push({
      rule: 'gradualExit.months',
      passed: false,
      detail: `渐退期最长 ${max} 个月，已享受 ${used} 个月，期满停发，转入低保边缘、刚性支出困难家庭认定`,
    });
  }
  return {
    status: 'exit',
    continues: false,
    monthsRemaining: 0,
    monthlyAmount: null,
    explanation,
    assessment: assessTransfer(h, c, date),
    policy,
  };
}
