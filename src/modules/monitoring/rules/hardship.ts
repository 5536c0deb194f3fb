/**
 * Hardship signals: 失业 (income unstable), 受灾 (major property loss), 残疾 (new severe disability or
 * new disability), 重病, 家庭经济困难学生, 防止返贫监测对象, 危房. Rows of members whose death is
 * recorded raise nothing here.
 */
import { formatYuan } from '../../../core/money.ts';
import { type HousingGrade, optionName } from '../feeds/feed-types.ts';
import { householdIsAssisted } from './population.ts';
import { type Finding, factHash, groupBy, normaliseFact, type RuleContext, sortedBy, who } from './signal.ts';
import type { EvidenceOf, EvidenceRow, MemberSnapshot } from './types.ts';

/** Rows of living members, each with its member. */
function living<R extends EvidenceRow>(
  ctx: RuleContext,
  rows: readonly R[],
): { row: R; member: MemberSnapshot }[] {
  const out: { row: R; member: MemberSnapshot }[] = [];
  for (const row of rows) {
    const member = ctx.member(row.personId);
    if (member && member.deathDate === null) out.push({ row, member });
  }
  return out;
}

/** 登记失业: one warning per registration (person + registration date). */
export function unemployment(ctx: RuleContext, rows: readonly EvidenceOf<'unemployment'>[]): Finding[] {
  const items = living(ctx, rows);
  return groupBy(items, (x) => `${x.member.personId}|${x.row.facts.registered_on}`).map(([, g]) => {
    const { member, row } = g[0]!;
    const before =
      member.monthlyIncomeFen > 0
        ? `，原记录月收入 ${formatYuan(member.monthlyIncomeFen)} 元`
        : member.employed
          ? '，原记录为在业'
          : '';
    return {
      type: 'unemployment',
      subject: { person: member.personId },
      fact: [row.facts.registered_on],
      evidence: g.map((x) => x.row),
      reason: `${who(member)}于 ${row.facts.registered_on} 登记失业${before}，家庭收入可能无法持续稳定`,
    };
  });
}

/** 受灾: losses of the household's members in one disaster (type + day) summed, at least the threshold. */
export function disasterLoss(ctx: RuleContext, rows: readonly EvidenceOf<'disaster'>[]): Finding[] {
  const threshold = ctx.rules.disasterLossFen;
  if (threshold === null) return [];
  const out: Finding[] = [];
  const events = groupBy(rows, (r) => `${r.facts.occurred_on}|${normaliseFact(r.facts.disaster_type)}`);
  for (const [, g] of events) {
    const sum = g.reduce((s, r) => s + r.facts.loss_amount, 0);
    if (sum < threshold) continue;
    const first = sortedBy(g, (r) => r.ref)[0]!;
    out.push({
      type: 'disaster_loss',
      subject: { household: ctx.household.householdId },
      fact: [first.facts.occurred_on, factHash(first.facts.disaster_type)],
      evidence: g,
      reason:
        `${first.facts.occurred_on} 遭受${first.facts.disaster_type}灾害，家庭成员损失合计 ${formatYuan(sum)} 元，` +
        `达到财产重大损失预警线 ${formatYuan(threshold)} 元`,
    });
  }
  return out;
}

/** 重度残疾 (SPEC A.1): grade 1–2 of any type, or grade 3–4 intellectual or mental. */
export const isSevereDisability = (grade: number, type: string): boolean =>
  grade <= 2 || type === 'intellectual' || type === 'mental';

/**
 * 残疾人证: per person, the most severe certificate (lowest grade; severe before not). A severe one
 * where the database records no severe disability → `severe_disability`; a non-severe one where the
 * database records no disability or a milder one → `disability`. Key: person + grade + type.
 */
export function disability(ctx: RuleContext, rows: readonly EvidenceOf<'disability'>[]): Finding[] {
  const out: Finding[] = [];
  for (const [, g] of groupBy(living(ctx, rows), (x) => String(x.member.personId))) {
    const rank = (r: EvidenceOf<'disability'>): string =>
      `${isSevereDisability(Number(r.facts.grade), r.facts.type) ? 0 : 1}${r.facts.grade}${r.facts.type}`;
    const worst = g.map((x) => rank(x.row)).sort()[0]!;
    const chosen = g.filter((x) => rank(x.row) === worst);
    const { member } = chosen[0]!;
    const facts = sortedBy(
      chosen.map((x) => x.row),
      (r) => r.facts.certified_on,
    )[0]!.facts;
    const grade = Number(facts.grade);
    const severe = isSevereDisability(grade, facts.type);
    const recorded = member.disability;
    const recordedSevere = recorded !== null && isSevereDisability(recorded.grade, recorded.type);
    if (severe ? recordedSevere : recorded !== null && recorded.grade <= grade) continue;
    const what = `${optionName('disability', 'type', facts.type)}${optionName('disability', 'grade', facts.grade)}`;
    const was =
      recorded === null
        ? '数据库中未记录残疾'
        : `数据库中记录为${optionName('disability', 'type', recorded.type)}${optionName('disability', 'grade', String(recorded.grade))}`;
    out.push({
      type: severe ? 'severe_disability' : 'disability',
      subject: { person: member.personId },
      fact: [facts.grade, facts.type],
      evidence: chosen.map((x) => x.row),
      reason: severe
        ? `${who(member)}持残疾人证：${what}（发证日期 ${facts.certified_on}），属重度残疾，${was}；可能符合重度残疾人增发、单人户等政策`
        : `${who(member)}持残疾人证：${what}（发证日期 ${facts.certified_on}），${was}，存在因残困难`,
    });
  }
  return out;
}

/** 重病: a diagnosis for a member the database does not record as seriously ill; key by diagnosis. */
export function seriousIllness(ctx: RuleContext, rows: readonly EvidenceOf<'serious_illness'>[]): Finding[] {
  const items = living(ctx, rows).filter((x) => !x.member.seriousIllness);
  return groupBy(items, (x) => `${x.member.personId}|${normaliseFact(x.row.facts.diagnosis)}`).map(
    ([, g]) => {
      const { member } = g[0]!;
      const first = sortedBy(
        g.map((x) => x.row),
        (r) => r.facts.diagnosed_on,
      )[0]!;
      return {
        type: 'serious_illness',
        subject: { person: member.personId },
        fact: [factHash(first.facts.diagnosis)],
        evidence: g.map((x) => x.row),
        // The diagnosis stays in the evidence row, out of the reason shown on lists.
        reason: `${who(member)}于 ${first.facts.diagnosed_on} 确诊重病（卫健部门数据），数据库中未记录重病，存在因病困难`,
      };
    },
  );
}

/** School year of a date: it starts on 1 September (2025-03-01 is in school year 2024). */
export const schoolYearOf = (date: string): number =>
  Number(date.slice(0, 4)) - (date.slice(5, 7) < '09' ? 1 : 0);

/**
 * 家庭经济困难学生, for households civil affairs does not assist yet (for assisted ones the
 * recognition is education assistance being given; a missing one is `policy_not_implemented`).
 * One warning per student and school year.
 */
export function hardshipStudent(
  ctx: RuleContext,
  rows: readonly EvidenceOf<'hardship_student'>[],
): Finding[] {
  if (householdIsAssisted(ctx)) return [];
  const items = living(ctx, rows);
  return groupBy(items, (x) => `${x.member.personId}|${schoolYearOf(x.row.facts.recognized_on)}`).map(
    ([, g]) => {
      const { member } = g[0]!;
      const first = sortedBy(
        g.map((x) => x.row),
        (r) => r.facts.recognized_on,
      )[0]!;
      const year = schoolYearOf(first.facts.recognized_on);
      return {
        type: 'hardship_student',
        subject: { person: member.personId },
        fact: [year],
        evidence: g.map((x) => x.row),
        reason:
          `${who(member)}被教育部门认定为家庭经济困难学生（${optionName('hardship_student', 'stage', first.facts.stage)}，` +
          `${year}学年，认定日期 ${first.facts.recognized_on}），家庭尚未纳入社会救助，可能符合救助条件`,
      };
    },
  );
}

/**
 * 防止返贫监测对象: the household enters monitoring directly, unless it (or a member) is already in
 * the relapse-monitoring category. One warning per household and identification (date + type).
 */
export function relapseMonitor(ctx: RuleContext, rows: readonly EvidenceOf<'relapse_monitor'>[]): Finding[] {
  const h = ctx.household;
  if (
    h.categories.includes('relapse_monitor') ||
    h.members.some((m) => m.categories.includes('relapse_monitor'))
  ) {
    return [];
  }
  if (rows.length === 0) return [];
  const first = sortedBy(rows, (r) => `${r.facts.identified_on}|${r.facts.monitor_type}`)[0]!;
  return [
    {
      type: 'relapse_monitor',
      subject: { household: h.householdId },
      fact: [first.facts.identified_on, first.facts.monitor_type],
      evidence: rows,
      reason:
        `农业农村部门认定为防止返贫监测对象（${optionName('relapse_monitor', 'monitor_type', first.facts.monitor_type)}，` +
        `识别日期 ${first.facts.identified_on}），按规定直接纳入低收入人口动态监测`,
    },
  ];
}

/**
 * 危房: the worst grade reported for the household's dwelling that the pack warns about, at that
 * grade's level. Key: household + grade (a later D after a C is a new fact).
 */
export function dangerousHousing(
  ctx: RuleContext,
  rows: readonly EvidenceOf<'dangerous_housing'>[],
): Finding[] {
  const levels = ctx.rules.dangerousHousingLevels;
  if (!levels) return [];
  for (const grade of ['D', 'C'] as const satisfies readonly HousingGrade[]) {
    const evidence = rows.filter((r) => r.facts.grade === grade);
    const level = levels[grade] ?? null;
    if (evidence.length === 0 || !level) continue;
    const date = sortedBy(evidence, (r) => r.facts.assessed_on)[0]!.facts.assessed_on;
    return [
      {
        type: 'dangerous_housing',
        subject: { household: ctx.household.householdId },
        fact: [grade],
        level,
        evidence,
        reason: `住建部门鉴定家庭住房为${grade}级危房（鉴定日期 ${date}），存在住房安全问题，可能需要住房救助`,
      },
    ];
  }
  return [];
}
