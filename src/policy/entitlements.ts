/**
 * Entitlements 救助待遇 (SPEC §4.4): the money civil affairs pays (低保 difference plus supplements,
 * 单人户 allowances, 特困 basic and care support), medical premium subsidy and relief ratios, and the
 * other assistance the pack lists as eligibilities with a responsible department.
 */
import { formatYuan } from '../core/money.ts';
import type { AssessmentState, MemberFacts } from './assess.ts';
import type { CompiledAssistance, CompiledPack, MedicalTerm } from './compiled-pack.ts';
import type { AssistedCategory, SupplementCondition } from './pack-schema.ts';
import { CARE_NAMES, type Entitlement, SUPPLEMENT_NAMES } from './result.ts';

const y = formatYuan;
const MEDICAL_DEPARTMENT = '医疗保障';

function supplementApplies(when: SupplementCondition, f: MemberFacts): boolean {
  switch (when) {
    case 'seriousIllness':
      return f.member.seriousIllness;
    case 'severeDisability':
      return f.severe;
    case 'age70plus':
      return f.age >= 70;
    case 'minor':
      return f.minor;
  }
}

/** Adds a member's 低保 supplements (stacked, or only the highest); returns their sum in fen. */
function addSupplements(s: AssessmentState, f: MemberFacts, out: Entitlement[]): number {
  let applicable = s.c.supplements[s.h.residence].filter((sup) => supplementApplies(sup.when, f));
  if (applicable.length === 0) return 0;
  if (s.c.pack.dibao.supplementStacking === 'highest' && applicable.length > 1) {
    const best = applicable.reduce((a, b) => (b.amount > a.amount ? b : a));
    applicable = [best];
  }
  let sum = 0;
  for (const sup of applicable) {
    sum += sup.amount;
    out.push({
      code: 'dibao_supplement',
      monthlyAmount: sup.amount / 100,
      idNumber: f.member.idNumber,
      name: '低保增发补助金',
      reason: sup.when,
    });
    s.ex.push({
      rule: 'dibao.supplement',
      passed: true,
      detail: `${f.label}属${SUPPLEMENT_NAMES[sup.when]}，增发 ${sup.basis} = ${y(sup.amount)} 元`,
    });
  }
  return sum;
}

function memberCategoryOf(s: AssessmentState, f: MemberFacts): AssistedCategory | null {
  if (s.tekun[f.index]) return 'tekun';
  if (s.single[f.index]) return 'dibao';
  return s.category === 'none' || s.category === 'tekun' ? null : s.category;
}

function assistanceEntry(item: CompiledAssistance, idNumber: string | null): Entitlement {
  const e: Entitlement = {
    code: item.code,
    monthlyAmount: null,
    idNumber,
    name: item.name,
    department: item.department,
  };
  if (item.condition) e.reason = item.condition;
  return e;
}

function medicalEntry(code: string, name: string, t: MedicalTerm, idNumber: string | null): Entitlement {
  return {
    code,
    monthlyAmount: null,
    idNumber,
    name,
    ratio: t.ratio,
    department: MEDICAL_DEPARTMENT,
    reason: t.reason,
  };
}

/** One household-wide entry when every member has the same category, else one per member. */
function pushMedical(
  out: Entitlement[],
  code: string,
  name: string,
  table: CompiledPack['medicalPremium'],
  cats: readonly (AssistedCategory | null)[],
  uniform: AssistedCategory | null,
  facts: readonly MemberFacts[],
): void {
  if (uniform !== null) {
    const t = table[uniform];
    if (t) out.push(medicalEntry(code, name, t, null));
    return;
  }
  for (let i = 0; i < cats.length; i++) {
    const cat = cats[i];
    const t = cat ? table[cat] : null;
    if (t) out.push(medicalEntry(code, name, t, facts[i]!.member.idNumber));
  }
}

function memberFilterPasses(f: MemberFacts, filter: string): boolean {
  const m = f.member;
  switch (filter) {
    case 'all':
      return true;
    case 'student':
      return m.student !== null;
    case 'laborCapable':
      return m.laborCapacity !== 'none' && !f.minor && !f.elderly;
    case 'disabled':
      return m.disability !== null;
    case 'severeDisability':
      return f.severe;
    case 'seriousIllness':
      return m.seriousIllness;
    case 'elderly':
      return f.elderly;
    case 'minor':
      return f.minor;
    case 'needsCare':
      return m.careLevel !== 'self';
    default:
      return false;
  }
}

export function computeEntitlements(s: AssessmentState): { entitlements: Entitlement[]; totalFen: number } {
  const { c, S, h } = s;
  const out: Entitlement[] = [];
  let total = 0;

  // 特困: basic living standard and care, per person.
  for (const f of s.facts) {
    if (!s.tekun[f.index]) continue;
    const basic = c.tekunBasic[h.residence];
    const care = c.tekunCare[f.member.careLevel];
    total += basic + care;
    out.push({
      code: 'tekun_basic',
      monthlyAmount: basic / 100,
      idNumber: f.member.idNumber,
      name: '特困人员基本生活费',
    });
    out.push({
      code: 'tekun_care',
      monthlyAmount: care / 100,
      idNumber: f.member.idNumber,
      name: '特困人员照料护理费',
      reason: f.member.careLevel,
    });
    s.ex.push({
      rule: 'tekun.support',
      passed: true,
      detail:
        `${f.label}特困供养：基本生活 低保标准 ${y(S)} 元 × ${c.text.basicMultiplier} = ${y(basic)} 元；` +
        `照料护理（${CARE_NAMES[f.member.careLevel]}）最低工资 ${y(c.minimumWage)} 元 × ` +
        `${c.text.care[f.member.careLevel]} = ${y(care)} 元；合计 ${y(basic + care)} 元/月`,
    });
  }

  // 低保: the difference n × S − Y for the household, plus each member's supplements.
  if (s.category === 'dibao') {
    const diff = Math.max(0, s.n * S - s.Y);
    total += diff;
    out.push({
      code: 'dibao_allowance',
      monthlyAmount: diff / 100,
      idNumber: null,
      name: '低保金（差额补助）',
    });
    s.ex.push({
      rule: 'dibao.allowance',
      passed: true,
      detail: `低保金（差额补助）= ${s.n} 人 × 低保标准 ${y(S)} 元 − 家庭月收入 ${y(s.Y)} 元 = ${y(diff)} 元`,
    });
    for (const f of s.rest) total += addSupplements(s, f, out);
  }

  // 单人户: S − own income, plus the member's supplements.
  for (const f of s.rest) {
    if (!s.single[f.index]) continue;
    const amount = Math.max(0, S - f.income);
    total += amount;
    out.push({
      code: 'dibao_single_allowance',
      monthlyAmount: amount / 100,
      idNumber: f.member.idNumber,
      name: '单人户低保金',
    });
    s.ex.push({
      rule: 'single.allowance',
      passed: true,
      detail: `${f.label}单人户低保金 = 低保标准 ${y(S)} 元 − 本人月收入 ${y(f.income)} 元 = ${y(amount)} 元`,
    });
    total += addSupplements(s, f, out);
  }

  // Medical (premium subsidy share, minimum relief ratio) and other assistance, by member category.
  const cats: (AssistedCategory | null)[] = [];
  let uniform: AssistedCategory | null = null;
  for (const f of s.facts) {
    const cat = memberCategoryOf(s, f);
    if (cats.length === 0) uniform = cat;
    else if (cat !== uniform) uniform = null;
    cats.push(cat);
  }
  pushMedical(
    out,
    'medical_premium_subsidy',
    '城乡居民医保个人缴费资助',
    c.medicalPremium,
    cats,
    uniform,
    s.facts,
  );
  pushMedical(out, 'medical_relief', '医疗救助', c.medicalRelief, cats, uniform, s.facts);

  for (const item of c.assistance) {
    if (item.residence !== null && item.residence !== h.residence) continue;
    let qualifying = 0;
    for (let i = 0; i < cats.length; i++) {
      const cat = cats[i];
      if (cat && item.categories.has(cat) && memberFilterPasses(s.facts[i]!, item.members)) qualifying++;
    }
    if (qualifying === 0) continue;
    if (item.members === 'all' && qualifying === cats.length) {
      out.push(assistanceEntry(item, null));
      continue;
    }
    for (let i = 0; i < cats.length; i++) {
      const cat = cats[i];
      const f = s.facts[i]!;
      if (cat && item.categories.has(cat) && memberFilterPasses(f, item.members)) {
        out.push(assistanceEntry(item, f.member.idNumber));
      }
    }
  }

  return { entitlements: out, totalFen: total };
}
