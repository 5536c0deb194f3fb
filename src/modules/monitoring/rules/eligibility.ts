/**
 * 可能不再符合救助条件 (应退尽退), for households civil affairs assists after a means test (特困, 低保,
 * 低保边缘, 刚性支出困难, the household or any member). The asset limits are the pack's `assets`,
 * the ones the assessment used:
 * - vehicles: more distinct plates among the members than `assets.maxVehicles` (vehicles worth less
 *   than `vehicleMinValue`, when set, are not counted; a vehicle of unknown value is);
 * - business: any registration when `assets.businessAllowed` is false (capital below
 *   `businessMinCapital`, when set, not counted);
 * - real estate: more distinct properties than the dwelling plus `assets.maxExtraHousing`;
 * - high income: a member's income in one calendar year at least `highIncomeAnnual`.
 */
import { formatYuan } from '../../../core/money.ts';
import { householdIsAssisted } from './population.ts';
import { type Finding, factHash, groupBy, normaliseFact, type RuleContext, sortedBy, who } from './signal.ts';
import type { EvidenceOf } from './types.ts';

const sumFen = (xs: readonly (number | null)[]): number => xs.reduce<number>((s, x) => s + (x ?? 0), 0);

export function possiblyIneligible(
  ctx: RuleContext,
  rows: {
    vehicle: readonly EvidenceOf<'vehicle'>[];
    business: readonly EvidenceOf<'business'>[];
    real_estate: readonly EvidenceOf<'real_estate'>[];
    high_income: readonly EvidenceOf<'high_income'>[];
  },
): Finding[] {
  if (!householdIsAssisted(ctx)) return [];
  return [
    ...vehicles(ctx, rows.vehicle),
    ...businesses(ctx, rows.business),
    ...realEstate(ctx, rows.real_estate),
    ...highIncome(ctx, rows.high_income),
  ];
}

function vehicles(ctx: RuleContext, rows: readonly EvidenceOf<'vehicle'>[]): Finding[] {
  const p = ctx.rules.vehicle;
  if (!p) return [];
  const counted = rows.filter(
    (r) => p.minValueFen === null || r.facts.value === null || r.facts.value >= p.minValueFen,
  );
  const plates = groupBy(counted, (r) => normaliseFact(r.facts.plate));
  if (plates.length <= p.maxVehicles) return [];
  const values = plates.map(
    ([, g]) => sortedBy(g, (r) => r.ref).find((r) => r.facts.value !== null)?.facts.value ?? null,
  );
  const known = values.filter((v) => v !== null).length;
  const worth = known > 0 ? `，已知价值合计 ${formatYuan(sumFen(values))} 元` : '';
  return [
    {
      type: 'possibly_ineligible_vehicle',
      subject: { household: ctx.household.householdId },
      fact: [factHash(plates.map(([plate]) => plate))],
      evidence: counted,
      reason: `家庭成员名下登记机动车 ${plates.length} 辆${worth}，超过家庭财产条件允许的 ${p.maxVehicles} 辆，可能不再符合救助条件`,
    },
  ];
}

function businesses(ctx: RuleContext, rows: readonly EvidenceOf<'business'>[]): Finding[] {
  const p = ctx.rules.business;
  if (!p || p.allowed) return [];
  const counted = rows.filter(
    (r) => p.minCapitalFen === null || r.facts.capital === null || r.facts.capital >= p.minCapitalFen,
  );
  const out: Finding[] = [];
  for (const [, g] of groupBy(counted, (r) => `${r.personId}|${normaliseFact(r.facts.company)}`)) {
    const member = ctx.member(g[0]!.personId);
    if (!member) continue;
    const first = sortedBy(g, (r) => r.facts.registered_on)[0]!;
    const capital = first.facts.capital === null ? '' : `，注册资本 ${formatYuan(first.facts.capital)} 元`;
    out.push({
      type: 'possibly_ineligible_business',
      subject: { person: member.personId },
      fact: [factHash(first.facts.company)],
      evidence: g,
      reason: `${who(member)}名下有工商登记的市场主体（登记日期 ${first.facts.registered_on}${capital}），家庭财产条件不允许拥有工商登记，可能不再符合救助条件`,
    });
  }
  return out;
}

function realEstate(ctx: RuleContext, rows: readonly EvidenceOf<'real_estate'>[]): Finding[] {
  const p = ctx.rules.realEstate;
  if (!p) return [];
  const properties = groupBy(rows, (r) => normaliseFact(r.facts.address));
  const allowed = 1 + p.maxExtraHousing;
  if (properties.length <= allowed) return [];
  const areas = properties.map(
    ([, g]) => sortedBy(g, (r) => r.ref).find((r) => r.facts.area !== null)?.facts.area ?? null,
  );
  const known = areas.filter((a): a is number => a !== null);
  const area =
    known.length > 0 ? `，已知面积合计 ${(known.reduce((s, a) => s + a, 0)).toFixed(2)} 平方米` : '';
  return [
    {
      type: 'possibly_ineligible_real_estate',
      subject: { household: ctx.household.householdId },
      fact: [factHash(properties.map(([address]) => address))],
      evidence: rows,
      reason: `家庭成员名下登记不动产 ${properties.length} 处${area}，超过家庭财产条件允许的 ${allowed} 处（自住 1 处 + 其他 ${p.maxExtraHousing} 处），可能不再符合救助条件`,
    },
  ];
}

/**
 * A member's income in a calendar year: the largest of the year's annual rows, the sum of its
 * quarter rows and the sum of its month rows (departments send one granularity or overlapping ones).
 */
export function annualIncome(rows: readonly EvidenceOf<'high_income'>[]): Map<number, number> {
  const byYear = new Map<number, { year: number; quarter: number; month: number }>();
  for (const r of rows) {
    const y = Number(r.facts.period.slice(0, 4));
    const t = byYear.get(y) ?? { year: 0, quarter: 0, month: 0 };
    const kind = r.facts.period.length === 4 ? 'year' : r.facts.period.includes('Q') ? 'quarter' : 'month';
    t[kind] += r.facts.amount;
    byYear.set(y, t);
  }
  return new Map([...byYear].map(([y, t]) => [y, Math.max(t.year, t.quarter, t.month)]));
}

function highIncome(ctx: RuleContext, rows: readonly EvidenceOf<'high_income'>[]): Finding[] {
  const threshold = ctx.rules.highIncomeAnnualFen;
  if (threshold === null) return [];
  const out: Finding[] = [];
  for (const [, g] of groupBy(rows, (r) => String(r.personId))) {
    const member = ctx.member(g[0]!.personId);
    if (!member || member.deathDate !== null) continue;
    for (const [year, fen] of [...annualIncome(g)].sort(([a], [b]) => a - b)) {
      if (fen < threshold) continue;
      out.push({
        type: 'possibly_ineligible_high_income',
        subject: { person: member.personId },
        fact: [year],
        evidence: g.filter((r) => r.facts.period.startsWith(String(year))),
        reason: `${who(member)} ${year} 年收入 ${formatYuan(fen)} 元（税务部门数据），达到高收入预警线 ${formatYuan(threshold)} 元，可能不再符合救助条件`,
      });
    }
  }
  return out;
}
