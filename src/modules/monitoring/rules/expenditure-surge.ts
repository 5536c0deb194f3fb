/**
 * 支出骤增: the household's self-paid medical cost (医保个人自付, all members) within a rolling window
 * of `windowDays` days reaches `amount` yuan, or `incomeRatio` × the household's income over the last
 * 12 months (the share test only when that income is above zero).
 *
 * Which day anchors a surge, so that the same surge always has the same key:
 * - the window ending on day D holds the rows settled in [D − windowDays + 1, D];
 * - D is a **crossing** when its window reaches the threshold and the same window without day D's
 *   rows does not (day D's settlements pushed the household over);
 * - a crossing is the **anchor** of a new surge unless another crossing lies within the window
 *   before it (then the surge is continuing and is the earlier warning's business).
 * Whether D anchors a surge depends only on rows settled in [D − 2 × windowDays + 2, D], so phase 2
 * passes the household's rows since `surgeHistoryStart(earliest new row)` and gets the same anchors
 * whatever else it passes. The warning's evidence is the rows of the anchor's window.
 */
import { addDays, epochDay, type IsoDate } from '../../../core/dates.ts';
import { formatYuan } from '../../../core/money.ts';
import { compareScaled, formatPercent } from '../../../policy/compiled-pack.ts';
import type { CompiledMonitoringRules } from './params.ts';
import { type Finding, groupBy, type RuleContext } from './signal.ts';
import type { EvidenceOf } from './types.ts';

type MedicalRow = EvidenceOf<'medical_selfpay'>;
type Surge = NonNullable<CompiledMonitoringRules['surge']>;

// Module functions rather than closures inside expenditureSurge: tsx names every closure it creates
// (`__name`, an Object.defineProperty per call), and this rule runs once per household.
const reaches = (p: Surge, income: number, sum: number): boolean =>
  sum >= p.amountFen ||
  (p.incomeRatioMicro !== null && income > 0 && compareScaled(sum, income, p.incomeRatioMicro) >= 0);

/** The first settlement date phase 2 must pass rows from, given the earliest new row's date. */
export function surgeHistoryStart(rules: CompiledMonitoringRules, earliestNew: IsoDate): IsoDate | null {
  return rules.surge ? addDays(earliestNew, -(2 * rules.surge.windowDays - 2)) : null;
}

interface Day {
  date: IsoDate;
  /** `epochDay(date)`, computed once. */
  epoch: number;
  fen: number;
  rows: MedicalRow[];
}

export function expenditureSurge(ctx: RuleContext, rows: readonly MedicalRow[]): Finding[] {
  const p = ctx.rules.surge;
  if (!p || rows.length === 0) return [];
  const income = ctx.household.income12mFen;
  const w = p.windowDays;

  const groups = groupBy(rows, settledOn);
  const days: Day[] = new Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    const [date, g] = groups[i]!;
    let fen = 0;
    for (const r of g) fen += r.facts.self_pay;
    days[i] = { date: date as IsoDate, epoch: epochDay(date), fen, rows: g };
  }

  // Rolling sums with two pointers over the sorted days: day i's window holds days first[i]..i (the
  // days within w − 1 days before it, dates being distinct and ascending).
  const sums: number[] = new Array(days.length);
  const first: number[] = new Array(days.length);
  let start = 0;
  let running = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    running += day.fen;
    while (day.epoch - days[start]!.epoch > w - 1) running -= days[start++]!.fen;
    sums[i] = running;
    first[i] = start;
  }

  const out: Finding[] = [];
  let previousCrossing = -1;
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const sum = sums[i]!;
    if (!reaches(p, income, sum) || reaches(p, income, sum - day.fen)) continue;
    const continuing = previousCrossing >= 0 && day.epoch - days[previousCrossing]!.epoch <= w - 1;
    previousCrossing = i;
    if (continuing) continue; // the surge is continuing
    const evidence: MedicalRow[] = [];
    for (let j = first[i]!; j <= i; j++) for (const r of days[j]!.rows) evidence.push(r);
    const from = addDays(day.date, -(w - 1));
    const byAmount = sum >= p.amountFen;
    const test = byAmount
      ? `达到预警金额 ${formatYuan(p.amountFen)} 元`
      : `达到家庭近12个月收入 ${formatYuan(income)} 元的 ${formatPercent(p.incomeRatio ?? 0)}`;
    out.push({
      type: 'expenditure_surge',
      subject: { household: ctx.household.householdId },
      fact: [day.date],
      evidence,
      reason: `${from} 至 ${day.date}（${w}天）家庭成员医保个人自付费用合计 ${formatYuan(sum)} 元，${test}，家庭支出骤增`,
    });
  }
  return out;
}

const settledOn = (r: MedicalRow): string => r.facts.settled_on;
