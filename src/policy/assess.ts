/**
 * The assessment engine (SPEC §4.2–4.3): pure and deterministic. Categories are tried in the fixed
 * priority order 特困 → 低保 → 低保边缘 → 刚性支出困难 and the first that fits is assigned.
 *
 * Who counts (documented in docs/policy.md):
 * - Assets `A` are a household test over all co-resident members (the file gives household assets).
 * - Members assessed 特困 are supported on their own. The others form the household for steps 2–4:
 *   `n` is their number and `Y` the sum of their monthly incomes after the employment-cost deduction.
 * - `income12m` and `expenses12m` are the household's 12-month totals as declared (not split).
 */
import { formatYuan } from '../core/money.ts';
import { type CompiledPack, compareScaled, formatScaledYuan } from './compiled-pack.ts';
import { computeEntitlements } from './entitlements.ts';
import type { Household, Member } from './household-input.ts';
import type { Category, SinglePersonScope } from './pack-schema.ts';
import {
  type AssessmentResult,
  CATEGORY_NAMES,
  type ExplanationEntry,
  type MemberCategory,
  RESIDENCE_NAMES,
} from './result.ts';

export interface MemberFacts {
  member: Member;
  index: number;
  /** 成员1（张三） */
  label: string;
  age: number;
  elderly: boolean;
  minor: boolean;
  /** Grade 1–2 of any type, or grade 3–4 intellectual or mental. */
  severe: boolean;
  /** Monthly income after the employment-cost deduction, fen. */
  income: number;
  deduction: number;
}

/** `full`: the normal assessment. `transfer`: a household leaving 低保/特困, edge and rigid only. */
export type AssessMode = 'full' | 'transfer';

export interface AssessmentState {
  h: Household;
  c: CompiledPack;
  date: string;
  mode: AssessMode;
  /** 低保标准 for the household's residence, fen. */
  S: number;
  facts: MemberFacts[];
  assetsOk: boolean;
  tekun: boolean[];
  single: boolean[];
  /** Category of the members not assessed 特困 (steps 2–4), or 'tekun' when every member is. */
  category: Category;
  /** The household for steps 2–4. */
  rest: MemberFacts[];
  n: number;
  Y: number;
  ex: ExplanationEntry[];
}

const DISABILITY_TYPE_NAMES = {
  visual: '视力',
  hearing: '听力',
  speech: '言语',
  physical: '肢体',
  intellectual: '智力',
  mental: '精神',
  multiple: '多重',
} as const;
const LABOR_NAMES = { none: '无劳动能力', partial: '部分丧失劳动能力', full: '有劳动能力' } as const;

export const isSevere = (m: Member): boolean =>
  m.disability !== null &&
  (m.disability.grade <= 2 || m.disability.type === 'intellectual' || m.disability.type === 'mental');

const y = formatYuan;

/** Full years between two YYYYMMDD numbers (a 29 February birthday counts from 1 March). */
export const ageBetween = (birthKey: number, dateKey: number): number =>
  Math.floor((dateKey - birthKey) / 10000);

function memberFacts(member: Member, index: number, c: CompiledPack, dateKey: number): MemberFacts {
  const age = ageBetween(member.birthKey, dateKey);
  const deduction = member.employed ? Math.min(member.incomeFen, c.employmentDeduction) : 0;
  return {
    member,
    index,
    label: `成员${index + 1}（${member.name}）`,
    age,
    elderly: age >= c.pack.tekun.elderlyAge,
    minor: age < c.pack.tekun.minorAge,
    severe: isSevere(member),
    income: member.incomeFen - deduction,
    deduction,
  };
}

function checkAssets(s: AssessmentState): boolean {
  const { h, c, S, ex } = s;
  const n = h.members.length;
  const a = c.pack.assets;
  const finOk = compareScaled(h.assets.financialFen, n * S, c.financialMonthsMicro) <= 0;
  ex.push({
    rule: 'assets.financial',
    passed: finOk,
    detail:
      `家庭金融资产 ${y(h.assets.financialFen)} 元 ${finOk ? '≤' : '>'} ${n} 人 × 低保标准 ${y(S)} 元 × ` +
      `${c.text.financialMonths} 个月 = ${formatScaledYuan(n * S, c.financialMonthsMicro)} 元`,
  });
  const vehOk = h.assets.vehicles <= a.maxVehicles;
  ex.push({
    rule: 'assets.vehicles',
    passed: vehOk,
    detail: `机动车 ${h.assets.vehicles} 辆 ${vehOk ? '≤' : '>'} 允许 ${a.maxVehicles} 辆`,
  });
  const houseOk = h.assets.extraHousing <= a.maxExtraHousing;
  ex.push({
    rule: 'assets.extraHousing',
    passed: houseOk,
    detail: `自住以外的住房 ${h.assets.extraHousing} 套 ${houseOk ? '≤' : '>'} 允许 ${a.maxExtraHousing} 套`,
  });
  const bizOk = !h.assets.business || a.businessAllowed;
  ex.push({
    rule: 'assets.business',
    passed: bizOk,
    detail: h.assets.business
      ? `家庭成员名下有登记的经营主体，${a.businessAllowed ? '按规定不影响认定' : '不符合家庭财产规定'}`
      : '家庭成员名下无登记的经营主体',
  });
  return finOk && vehOk && houseOk && bizOk;
}

function checkTekun(s: AssessmentState, f: MemberFacts): boolean {
  const { c, S } = s;
  const t = c.pack.tekun;
  const m = f.member;
  const kinds: string[] = [];
  if (f.elderly) kinds.push(`年满${t.elderlyAge}周岁（${f.age}岁）`);
  if (f.severe && m.disability) {
    kinds.push(`重度残疾（${DISABILITY_TYPE_NAMES[m.disability.type]}${m.disability.grade}级）`);
  }
  if (f.minor) kinds.push(`未满${t.minorAge}周岁（${f.age}岁）`);
  if (kinds.length === 0) {
    s.ex.push({
      rule: 'tekun.member',
      passed: false,
      detail: `${f.label}：${f.age}岁，不属于老年人、重度残疾人或未成年人，不符合特困人员条件`,
    });
    return false;
  }
  const ok: string[] = [];
  const bad: string[] = [];
  if (f.minor) ok.push('未成年人视为无劳动能力');
  else (m.laborCapacity === 'none' ? ok : bad).push(LABOR_NAMES[m.laborCapacity]);
  if (m.supporter === 'able') bad.push('有具备赡养、抚养、扶养能力的法定义务人');
  else ok.push(m.supporter === 'none' ? '无法定赡养、抚养、扶养义务人' : '法定义务人无履行义务能力');
  if (f.income < S) ok.push(`本人月收入 ${y(f.income)} 元 < 低保标准 ${y(S)} 元`);
  else bad.push(`本人月收入 ${y(f.income)} 元 ≥ 低保标准 ${y(S)} 元`);
  if (s.assetsOk) ok.push('家庭财产符合规定');
  else bad.push('家庭财产不符合规定');
  const passed = bad.length === 0;
  s.ex.push({
    rule: 'tekun.member',
    passed,
    detail: passed
      ? `${f.label}：${kinds.join('、')}；${ok.join('；')}，符合特困人员条件，单独供养`
      : `${f.label}：${kinds.join('、')}，但${bad.join('；')}，不符合特困人员条件`,
  });
  return passed;
}

function assetsGate(s: AssessmentState, rule: string, name: string, incomeOk: boolean): boolean {
  if (incomeOk && !s.assetsOk) {
    s.ex.push({ rule, passed: false, detail: `收入条件符合，但家庭财产状况不符合规定，不能认定为${name}` });
  }
  return incomeOk && s.assetsOk;
}

/** Steps 2–4 over `s.rest`; returns the category of that household. */
function assessRest(s: AssessmentState): Category {
  const { c, S, n, Y, h, ex } = s;
  const nS = n * S;
  const res = RESIDENCE_NAMES[h.residence];
  if (s.mode === 'full') {
    const inc = Y < nS;
    ex.push({
      rule: 'dibao.income',
      passed: inc,
      detail: `家庭月收入 ${y(Y)} 元 ${inc ? '<' : '≥'} ${n} 人 × ${res}低保标准 ${y(S)} 元 = ${y(nS)} 元`,
    });
    if (assetsGate(s, 'dibao.assets', '低保', inc)) return 'dibao';
  }
  const edgeInc = compareScaled(Y, nS, c.edgeMicro) < 0;
  ex.push({
    rule: 'edge.income',
    passed: edgeInc,
    detail:
      `家庭月收入 ${y(Y)} 元 ${edgeInc ? '<' : '≥'} ${n} 人 × 低保标准 ${y(S)} 元 × ${c.text.edge} = ` +
      `${formatScaledYuan(nS, c.edgeMicro)} 元`,
  });
  if (assetsGate(s, 'edge.assets', '低保边缘家庭', edgeInc)) return 'dibao_edge';

  const DI = c.disposableIncome[h.residence];
  const yearOk = Y * 12 < n * DI;
  ex.push({
    rule: 'rigid.disposableIncome',
    passed: yearOk,
    detail:
      `家庭月收入 ${y(Y)} 元 × 12 = ${y(Y * 12)} 元 ${yearOk ? '<' : '≥'} ${n} 人 × 上年度${res}居民人均可支配收入 ` +
      `${y(DI)} 元 = ${y(n * DI)} 元`,
  });
  let lowerOk = true;
  if (c.rigidLowerMicro !== null) {
    lowerOk = compareScaled(Y, nS, c.rigidLowerMicro) >= 0;
    ex.push({
      rule: 'rigid.incomeLowerBound',
      passed: lowerOk,
      detail:
        `家庭月收入 ${y(Y)} 元 ${lowerOk ? '≥' : '<'} ${n} 人 × 低保标准 ${y(S)} 元 × ` +
        `${c.text.rigidLower} = ${formatScaledYuan(nS, c.rigidLowerMicro)} 元`,
    });
  }
  const KIND_NAMES = { medical: '医疗', education: '教育', housing: '住房', care: '照护' } as const;
  let E = 0;
  const parts: string[] = [];
  for (const kind of c.expenseKinds) {
    E += h.expenses12mFen[kind];
    parts.push(`${KIND_NAMES[kind]} ${y(h.expenses12mFen[kind])}`);
  }
  const I = h.income12mFen;
  const expOk = compareScaled(E, I, c.expenseMicro) > 0;
  ex.push({
    rule: 'rigid.expense',
    passed: expOk,
    detail:
      `近12个月必要支出 ${y(E)} 元（${parts.join('、')}）${expOk ? '>' : '≤'} 近12个月家庭收入 ${y(I)} 元` +
      `${h.income12mDeclared ? '' : '（按月收入 × 12 计）'} × ${c.text.expensePercent} = ` +
      `${formatScaledYuan(I, c.expenseMicro)} 元`,
  });
  if (assetsGate(s, 'rigid.assets', '刚性支出困难家庭', yearOk && lowerOk && expOk)) return 'rigid_expense';
  return 'none';
}

/** Y is in the 刚性支出 income range: at or above the lower bound (else the 边缘 bound), below n × 可支配收入. */
function inRigidRange(s: AssessmentState): boolean {
  const { c, n, Y, S, h } = s;
  const lower = c.rigidLowerMicro ?? c.edgeMicro;
  return compareScaled(Y, n * S, lower) >= 0 && Y * 12 < n * c.disposableIncome[h.residence];
}

function scopeOk(s: AssessmentState, scope: SinglePersonScope): boolean {
  if (scope === 'any') return true;
  if (scope === 'none') return false;
  return inRigidRange(s);
}

/** SPEC §4.3 单人户: members of a non-低保 household who may be included in 低保 alone. */
function checkSingles(s: AssessmentState): void {
  const sp = s.c.pack.dibao.singlePerson;
  for (const f of s.rest) {
    const m = f.member;
    const reasons: string[] = [];
    if (s.category === 'dibao_edge' && sp.edgeMembers && (m.seriousIllness || f.severe)) {
      reasons.push(`低保边缘家庭中的${m.seriousIllness ? '重病患者' : '重度残疾人'}`);
    }
    if (!f.minor && !m.employed) {
      if (f.severe && scopeOk(s, sp.adultUnemployedSevereDisability)) reasons.push('成年无业重度残疾人');
      if (m.seriousIllness && scopeOk(s, sp.adultUnemployedSeriousIllness)) reasons.push('成年无业重病患者');
    }
    if (reasons.length === 0) continue;
    const incomeOk = f.income < s.S;
    const passed = incomeOk && s.assetsOk;
    s.single[f.index] = passed;
    s.ex.push({
      rule: 'single.member',
      passed,
      detail:
        `${f.label}：${reasons.join('、')}，可按“单人户”单独纳入低保；本人月收入 ${y(f.income)} 元 ` +
        `${incomeOk ? '<' : '≥'} 低保标准 ${y(s.S)} 元${s.assetsOk ? '' : '；家庭财产不符合规定'}` +
        `${passed ? '，单独纳入低保' : '，不能单独纳入'}`,
    });
  }
}

/** Runs the assessment on a validated household with a compiled pack. */
export function assessCompiled(
  h: Household,
  c: CompiledPack,
  date: string,
  mode: AssessMode = 'full',
): AssessmentResult {
  const pack = c.pack;
  const S = c.standard[h.residence];
  const dateKey = Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10));
  const s: AssessmentState = {
    h,
    c,
    date,
    mode,
    S,
    facts: h.members.map((m, i) => memberFacts(m, i, c, dateKey)),
    assetsOk: false,
    tekun: h.members.map(() => false),
    single: h.members.map(() => false),
    category: 'none',
    rest: [],
    n: 0,
    Y: 0,
    ex: [
      {
        rule: 'policy',
        passed: true,
        detail:
          `适用政策参数包：${c.label}，${pack.effectiveFrom} 起施行；认定日期 ${date}；` +
          `${RESIDENCE_NAMES[h.residence]}低保标准 ${y(S)} 元/人·月${pack.exampleValues ? '（参数包含示例值）' : ''}`,
      },
    ],
  };
  if (mode === 'transfer') {
    s.ex.push({
      rule: 'transfer',
      passed: true,
      detail: '退出低保或特困供养，经本人同意直接转入低保边缘家庭、刚性支出困难家庭认定，无需重新申请',
    });
  }
  s.assetsOk = checkAssets(s);
  if (mode === 'full') for (const f of s.facts) s.tekun[f.index] = checkTekun(s, f);
  s.rest = s.facts.filter((f) => !s.tekun[f.index]);
  if (s.rest.length === 0) {
    s.category = 'tekun';
  } else {
    s.n = s.rest.length;
    for (const f of s.rest) {
      s.Y += f.income;
      if (f.deduction > 0) {
        s.ex.push({
          rule: 'income.employmentDeduction',
          passed: true,
          detail: `${f.label}已就业：月收入 ${y(f.member.incomeFen)} 元扣减必要就业成本 ${y(f.deduction)} 元，计 ${y(f.income)} 元`,
        });
      }
    }
    const split = s.rest.length < s.facts.length;
    s.ex.push({
      rule: 'household.income',
      passed: true,
      detail: `${split ? '除特困人员外的' : ''}共同生活家庭成员 ${s.n} 人，月收入合计 ${y(s.Y)} 元`,
    });
    s.category = assessRest(s);
    if (s.category !== 'dibao') checkSingles(s);
  }
  const { entitlements, totalFen } = computeEntitlements(s);
  const months = mode === 'transfer' ? pack.monitoring.exitedMonths : pack.monitoring.rejectedMonths;
  if (s.category === 'none') {
    s.ex.push({
      rule: 'monitoring',
      passed: false,
      detail: `不符合低保、低保边缘、刚性支出困难家庭条件，纳入低收入人口动态监测 ${months} 个月`,
    });
  }
  const tekunCount = s.tekun.filter(Boolean).length;
  const singleCount = s.single.filter(Boolean).length;
  s.ex.push({
    rule: 'result',
    passed: s.category !== 'none' || tekunCount + singleCount > 0,
    detail:
      `认定结果：${CATEGORY_NAMES[s.category]}` +
      `${tekunCount > 0 && s.category !== 'tekun' ? `；其中 ${tekunCount} 人为特困人员` : ''}` +
      `${singleCount > 0 ? `；${singleCount} 人按单人户纳入低保` : ''}；每月救助金额合计 ${y(totalFen)} 元`,
  });
  return {
    category: s.category,
    members: s.facts.map((f) => ({
      idNumber: f.member.idNumber,
      category: (s.tekun[f.index] ? 'tekun' : s.single[f.index] ? 'dibao_single' : null) as MemberCategory,
    })),
    monthlyAllowance: totalFen / 100,
    entitlements,
    explanation: s.ex,
    policy: { id: pack.id, version: pack.version },
  };
}
