/**
 * The assessment result (SPEC appendix A.3) and the Chinese names used in explanations.
 */
import type { Category } from './pack-schema.ts';

export type MemberCategory = 'tekun' | 'dibao_single' | null;

export interface ExplanationEntry {
  /** Stable rule code, e.g. `dibao.income`. */
  rule: string;
  passed: boolean;
  /** Chinese, with the figures compared (yuan, two decimals). */
  detail: string;
}

export interface Entitlement {
  /** dibao_allowance, dibao_supplement, dibao_single_allowance, tekun_basic, tekun_care,
   * medical_premium_subsidy, medical_relief, or an assistance code of the pack. */
  code: string;
  /** Yuan per month for cash items (summed into `monthlyAllowance`); null for eligibilities. */
  monthlyAmount: number | null;
  /** The member it belongs to, or null for the household (all members it covers). */
  idNumber: string | null;
  /** Chinese name of the item. */
  name: string;
  /** Share for medical items (premium subsidy share, minimum relief ratio). */
  ratio?: number;
  /** Responsible department for eligibilities handled outside civil affairs' payroll. */
  department?: string;
  /** Supplement condition, care level, or the further conditions of an eligibility. */
  reason?: string;
}

export interface AssessmentResult {
  category: Category;
  members: Array<{ idNumber: string; category: MemberCategory }>;
  /** Yuan: 低保 allowance (with supplements) + 单人户 allowances + 特困 basic and care. */
  monthlyAllowance: number;
  entitlements: Entitlement[];
  explanation: ExplanationEntry[];
  policy: { id: string; version: number };
}

export const CATEGORY_NAMES: Record<Category, string> = {
  tekun: '特困人员',
  dibao: '最低生活保障（低保）',
  dibao_edge: '低保边缘家庭',
  rigid_expense: '刚性支出困难家庭',
  none: '未认定为低收入人口',
};

/** Favourability rank: higher is more favourable (特困 > 低保 > 低保边缘 > 刚性支出 > none). */
export const CATEGORY_RANK: Record<Category, number> = {
  tekun: 4,
  dibao: 3,
  dibao_edge: 2,
  rigid_expense: 1,
  none: 0,
};

export const SUPPLEMENT_NAMES = {
  seriousIllness: '重病患者',
  severeDisability: '重度残疾人',
  age70plus: '70周岁以上老年人',
  minor: '未成年人',
} as const;

export const CARE_NAMES = { full: '全护理', half: '半护理', self: '全自理' } as const;
export const RESIDENCE_NAMES = { urban: '城市', rural: '农村' } as const;
