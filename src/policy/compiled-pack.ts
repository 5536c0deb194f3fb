/**
 * A resolved pack turned into integer fen and integer "micro" ratios once, so that each assessment
 * does no validation and no decimal parsing. Compiled packs are cached per pack object.
 *
 * Thresholds such as `n × S × 1.5` are compared exactly: `Y × 10⁶ < n × S × round(1.5 × 10⁶)`, never
 * through a rounded product or a per-capita division.
 */
import { type Fen, formatYuan, mulRatio, yuanToFen } from '../core/money.ts';
import type {
  AssistanceMemberFilter,
  AssistedCategory,
  ExpenseKind,
  PolicyPack,
  SupplementCondition,
} from './pack-schema.ts';

export const MICRO = 1_000_000;
const MICRO_N = 1_000_000n;

export const toMicro = (ratio: number): number => Math.round(ratio * MICRO);

/**
 * Sign of `left − right × micro / 10⁶` (negative when left is below the scaled right-hand side),
 * exact for any safe-integer fen amounts.
 */
export function compareScaled(left: number, right: number, micro: number): number {
  const a = left * MICRO;
  const b = right * micro;
  if (a <= Number.MAX_SAFE_INTEGER && b <= Number.MAX_SAFE_INTEGER) return a - b;
  const d = BigInt(left) * MICRO_N - BigInt(right) * BigInt(micro);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** `right × micro / 10⁶` fen shown in yuan: two decimals, more only when the exact value needs them. */
export function formatScaledYuan(right: number, micro: number): string {
  const product = right * micro;
  if (product <= Number.MAX_SAFE_INTEGER && product % MICRO === 0) return formatYuan(product / MICRO);
  const num = BigInt(right) * BigInt(micro); // fen × 10⁶
  if (num % MICRO_N === 0n) return formatYuan(Number(num / MICRO_N));
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const whole = abs / 100_000_000n; // yuan
  const frac = (abs % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}.${frac.padEnd(2, '0')}`;
}

/** 1.5 → "1.5"; 2 → "2". */
export const formatRatio = (r: number): string => String(Number(r.toFixed(6)));
/** 0.6 → "60%". */
export const formatPercent = (r: number): string => `${Number((r * 100).toFixed(4))}%`;

type PerResidence<T> = { urban: T; rural: T };

export interface CompiledSupplement {
  when: SupplementCondition;
  amount: Fen;
  /** "低保标准 × 0.2" or "定额". */
  basis: string;
}

export interface CompiledAssistance {
  code: string;
  name: string;
  department: string;
  categories: ReadonlySet<AssistedCategory>;
  members: AssistanceMemberFilter;
  residence: 'urban' | 'rural' | null;
  condition: string | undefined;
}

export interface MedicalTerm {
  ratio: number;
  reason: string;
}

export interface CompiledPack {
  pack: PolicyPack;
  ref: { id: string; version: number };
  /** "吉林省（jilin-2024 第1版）" */
  label: string;
  standard: PerResidence<Fen>;
  disposableIncome: PerResidence<Fen>;
  minimumWage: Fen;
  financialMonthsMicro: number;
  edgeMicro: number;
  rigidLowerMicro: number | null;
  expenseMicro: number;
  expenseKinds: readonly ExpenseKind[];
  tekunBasic: PerResidence<Fen>;
  tekunCare: { full: Fen; half: Fen; self: Fen };
  supplements: PerResidence<readonly CompiledSupplement[]>;
  employmentDeduction: Fen;
  assistance: readonly CompiledAssistance[];
  /** Medical premium subsidy and relief terms by member category (null: none). */
  medicalPremium: Record<AssistedCategory, MedicalTerm | null>;
  medicalRelief: Record<AssistedCategory, MedicalTerm | null>;
  /** Ratios as shown in explanations, formatted once. */
  text: {
    financialMonths: string;
    edge: string;
    rigidLower: string;
    expensePercent: string;
    basicMultiplier: string;
    care: { full: string; half: string; self: string };
  };
}

function medicalTerms(pack: PolicyPack): Pick<CompiledPack, 'medicalPremium' | 'medicalRelief'> {
  const med = pack.medical;
  const tier2 =
    med.tier2OfTier1Contribution != null
      ? `；自愿参加二档的按一档个人缴费标准的${formatPercent(med.tier2OfTier1Contribution)}资助`
      : '';
  const premium = (ratio: number, full: boolean): MedicalTerm | null =>
    ratio > 0
      ? {
          ratio,
          reason: `${full && ratio === 1 ? '全额资助' : `按个人缴费标准的${formatPercent(ratio)}资助`}${tier2}`,
        }
      : null;
  const relief = (ratio: number, seriousOnly: boolean): MedicalTerm | null =>
    ratio > 0
      ? {
          ratio,
          reason: `${seriousOnly ? '符合条件的大病患者，' : ''}政策范围内个人自付费用救助比例不低于${formatPercent(ratio)}`,
        }
      : null;
  return {
    medicalPremium: {
      tekun: premium(med.premiumSubsidy.tekun, true),
      dibao: premium(med.premiumSubsidy.dibao, false),
      dibao_edge: premium(med.premiumSubsidy.dibao_edge, false),
      rigid_expense: premium(med.premiumSubsidy.other, false),
    },
    medicalRelief: {
      tekun: relief(med.reliefRatio.tekun, false),
      dibao: relief(med.reliefRatio.dibao, false),
      dibao_edge: relief(med.reliefRatio.dibao_edge, false),
      rigid_expense: relief(med.reliefRatio.rigid_expense, true),
    },
  };
}

const cache = new WeakMap<PolicyPack, CompiledPack>();

function compileSupplements(pack: PolicyPack, standard: Fen): CompiledSupplement[] {
  return pack.dibao.supplements.map((s) =>
    s.ratio !== undefined
      ? { when: s.when, amount: mulRatio(standard, s.ratio), basis: `低保标准 × ${formatRatio(s.ratio)}` }
      : { when: s.when, amount: yuanToFen(s.amount ?? 0), basis: '定额' },
  );
}

/** Compiles a resolved (already validated) pack; the result is cached per pack object. */
export function compilePack(pack: PolicyPack): CompiledPack {
  const cached = cache.get(pack);
  if (cached) return cached;
  const standard = {
    urban: yuanToFen(pack.standards.dibao.urban),
    rural: yuanToFen(pack.standards.dibao.rural),
  };
  const minimumWage = yuanToFen(pack.standards.minimumWage);
  const compiled: CompiledPack = {
    pack,
    ref: { id: pack.id, version: pack.version },
    label: `${pack.name}（${pack.id} 第${pack.version}版）`,
    standard,
    disposableIncome: {
      urban: yuanToFen(pack.standards.disposableIncome.urban),
      rural: yuanToFen(pack.standards.disposableIncome.rural),
    },
    minimumWage,
    financialMonthsMicro: toMicro(pack.assets.financialMonthsPerPerson),
    edgeMicro: toMicro(pack.edge.incomeMultiplier),
    rigidLowerMicro:
      pack.rigid.incomeLowerMultiplier === null ? null : toMicro(pack.rigid.incomeLowerMultiplier),
    expenseMicro: toMicro(pack.rigid.expenseRatio),
    expenseKinds: [...pack.rigid.expenseKinds],
    tekunBasic: {
      urban: mulRatio(standard.urban, pack.tekun.basicMultiplier),
      rural: mulRatio(standard.rural, pack.tekun.basicMultiplier),
    },
    tekunCare: {
      full: mulRatio(minimumWage, pack.tekun.care.full),
      half: mulRatio(minimumWage, pack.tekun.care.half),
      self: mulRatio(minimumWage, pack.tekun.care.self),
    },
    supplements: {
      urban: compileSupplements(pack, standard.urban),
      rural: compileSupplements(pack, standard.rural),
    },
    employmentDeduction: yuanToFen(pack.dibao.employmentCostDeduction),
    assistance: Object.entries(pack.assistance).map(([code, a]) => ({
      code,
      name: a.name,
      department: a.department,
      categories: new Set(a.categories),
      members: a.members,
      residence: a.residence ?? null,
      condition: a.condition,
    })),
    ...medicalTerms(pack),
    text: {
      financialMonths: formatRatio(pack.assets.financialMonthsPerPerson),
      edge: formatRatio(pack.edge.incomeMultiplier),
      rigidLower: formatRatio(pack.rigid.incomeLowerMultiplier ?? 0),
      expensePercent: formatPercent(pack.rigid.expenseRatio),
      basicMultiplier: formatRatio(pack.tekun.basicMultiplier),
      care: {
        full: formatPercent(pack.tekun.care.full),
        half: formatPercent(pack.tekun.care.half),
        self: formatPercent(pack.tekun.care.self),
      },
    },
  };
  cache.set(pack, compiled);
  return compiled;
}
