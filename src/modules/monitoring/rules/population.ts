/**
 * 人口变化 and 收入骤减 from the death feed (公安/民政).
 *
 * - `death`: any member reported dead whose death the database does not record yet: population
 *   change; the member's payments stop. One warning per person ever (a person dies once), whatever
 *   the number of rows or sources.
 * - `main_labourer_death`: additionally, when the member was the household's main labourer and
 *   someone in the household lives on: the household's income drops and must be re-examined.
 */
import { formatYuan } from '../../../core/money.ts';
import { type Finding, groupBy, isAssisted, type RuleContext, who } from './signal.ts';
import { ASSISTED, CATEGORY_ZH, type EntityId, type EvidenceOf, type MemberSnapshot } from './types.ts';

type DeathRow = EvidenceOf<'death'>;

export function deaths(ctx: RuleContext, rows: readonly DeathRow[]): Finding[] {
  const out: Finding[] = [];
  const reportedDead = new Set(rows.map((r) => String(r.personId)));
  for (const [, group] of groupBy(rows, (r) => String(r.personId))) {
    const member = ctx.member(group[0]!.personId);
    if (!member || member.deathDate !== null) continue;
    const dates = [...new Set(group.map((r) => r.facts.death_date))].sort();
    const date = dates[0]!;
    const conflict = dates.length > 1 ? `（各来源死亡日期不一致：${dates.join('、')}）` : '';
    const assisted = assistedCategories(ctx, member);
    const stop = assisted.length > 0 ? `；正享受${assisted.join('、')}，应核实后停发或调整救助金` : '';
    out.push({
      type: 'death',
      subject: { person: member.personId },
      evidence: group,
      reason: `${who(member)}于 ${date} 死亡${conflict}，家庭人口发生变化${stop}`,
    });
    const survivors = ctx.household.members.filter(
      (m) => m.deathDate === null && !reportedDead.has(String(m.personId)),
    );
    if (member.isMainLabourer && survivors.length > 0) {
      out.push({
        type: 'main_labourer_death',
        subject: { person: member.personId },
        evidence: group,
        reason:
          `家庭主要劳动力${who(member)}于 ${date} 死亡${conflict}，其月收入 ${formatYuan(member.monthlyIncomeFen)} 元，` +
          `家庭收入可能骤减，家中尚有 ${survivors.length} 人，需重新核查家庭经济状况`,
      });
    }
  }
  return out;
}

function assistedCategories(ctx: RuleContext, m: MemberSnapshot): string[] {
  const cats = new Set([...ctx.household.categories, ...m.categories].filter((c) => ASSISTED.has(c)));
  return [...cats].sort().map((c) => CATEGORY_ZH[c]);
}

/**
 * A default for `MemberSnapshot.isMainLabourer` when the database does not record it: among living
 * members who can work (labour capacity full or partial), those with the highest monthly income
 * above zero; when nobody has income, those with full labour capacity.
 */
export function mainLabourerIds(members: readonly MemberSnapshot[]): EntityId[] {
  let top = 0;
  for (const m of members) {
    if (m.deathDate === null && m.laborCapacity !== 'none' && m.monthlyIncomeFen > top)
      top = m.monthlyIncomeFen;
  }
  const out: EntityId[] = [];
  for (const m of members) {
    if (m.deathDate !== null || m.laborCapacity === 'none') continue;
    if (top > 0 ? m.monthlyIncomeFen === top : m.laborCapacity === 'full') out.push(m.personId);
  }
  return out;
}

export const householdIsAssisted = (ctx: RuleContext): boolean => isAssisted(ctx.household, ASSISTED);
