/**
 * The attributes a worker may change, with their column, Chinese label and how a value is shown.
 * The history keeps values in their API form (yuan for money, codes for enums).
 */
import { z } from 'zod';
import {
  CARE_LEVELS,
  type CATEGORIES,
  DISABILITY_TYPES,
  LABOR_CAPACITIES,
  RELATIONS,
  RESIDENCES,
  type SOURCES,
  STUDENT_STAGES,
  SUPPORTERS,
} from './schema.ts';

export const RELATION_LABELS: Record<(typeof RELATIONS)[number], string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};
export const LABOR_LABELS: Record<(typeof LABOR_CAPACITIES)[number], string> = {
  none: '无劳动能力',
  partial: '部分劳动能力',
  full: '有劳动能力',
};
export const DISABILITY_LABELS: Record<(typeof DISABILITY_TYPES)[number], string> = {
  visual: '视力残疾',
  hearing: '听力残疾',
  speech: '言语残疾',
  physical: '肢体残疾',
  intellectual: '智力残疾',
  mental: '精神残疾',
  multiple: '多重残疾',
};
export const STUDENT_LABELS: Record<(typeof STUDENT_STAGES)[number], string> = {
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中职/高职',
  college: '大学',
};
export const CARE_LABELS: Record<(typeof CARE_LEVELS)[number], string> = {
  self: '生活自理',
  half: '部分失能',
  full: '完全失能',
};
export const SUPPORTER_LABELS: Record<(typeof SUPPORTERS)[number], string> = {
  none: '无法定赡养（抚养、扶养）义务人',
  unable: '义务人无赡养（抚养、扶养）能力',
  able: '义务人有赡养（抚养、扶养）能力',
};
export const RESIDENCE_LABELS: Record<(typeof RESIDENCES)[number], string> = { urban: '城市', rural: '农村' };
export const CATEGORY_LABELS: Record<(typeof CATEGORIES)[number], string> = {
  tekun: '特困人员',
  dibao: '低保',
  dibao_edge: '低保边缘',
  rigid_expense: '刚性支出困难',
  relapse_monitor: '防止返贫监测对象',
  other: '其他困难人员',
};
export const SOURCE_LABELS: Record<(typeof SOURCES)[number], string> = {
  self_declared: '本人申报',
  proxy: '代为申报',
  home_visit: '入户核查',
  department_feed: '部门数据比对',
  department_return: '部门反馈',
  registry_import: '批量导入',
  demo: '演示数据',
};
export const MONITORING_LABELS = {
  rejected: '申请未通过',
  exited: '退出保障',
  relapse_monitor: '防止返贫监测',
  latent: '潜在风险',
} as const;

/** Sources a worker may give for a change they record (bulk origins are not chosen by hand). */
export const EDIT_SOURCES = [
  'self_declared',
  'proxy',
  'home_visit',
  'department_feed',
  'department_return',
] as const;

const yuan = z
  .number()
  .min(0, '金额不能为负')
  .max(10_000_000, '金额过大')
  .refine(
    (v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6,
    '最多两位小数',
  );

/** Member attributes that can be edited, with their validation. */
export const personChangesSchema = z
  .strictObject({
    name: z.string().trim().min(1, '请填写姓名').max(40, '姓名过长'),
    idNumber: z.string().trim(),
    relation: z.enum(RELATIONS, { message: '与户主关系无效' }),
    monthlyIncome: yuan,
    laborCapacity: z.enum(LABOR_CAPACITIES, { message: '劳动能力无效' }),
    disabilityGrade: z.number().int().min(1, '残疾等级为1–4').max(4, '残疾等级为1–4').nullable(),
    disabilityType: z.enum(DISABILITY_TYPES, { message: '残疾类别无效' }).nullable(),
    seriousIllness: z.boolean(),
    studentStage: z.enum(STUDENT_STAGES, { message: '在学阶段无效' }).nullable(),
    employed: z.boolean(),
    careLevel: z.enum(CARE_LEVELS, { message: '照料等级无效' }).nullable(),
    supporter: z.enum(SUPPORTERS, { message: '赡养人情况无效' }),
  })
  .partial();
export type PersonChanges = z.infer<typeof personChangesSchema>;

export const householdChangesSchema = z
  .strictObject({
    address: z.string().trim().min(1, '请填写家庭住址').max(200, '地址过长'),
    residence: z.enum(RESIDENCES, { message: '城乡类别无效' }),
    regionCode: z.string().regex(/^\d{12}$/, '所在村(居)应为12位行政区划代码'),
  })
  .partial();
export type HouseholdChanges = z.infer<typeof householdChangesSchema>;

/** API field → column of `persons`. `idNumber` is handled apart (encryption, index, mask). */
export const PERSON_COLUMNS = {
  name: 'name',
  relation: 'relation',
  monthlyIncome: 'monthly_income_fen',
  laborCapacity: 'labor_capacity',
  disabilityGrade: 'disability_grade',
  disabilityType: 'disability_type',
  seriousIllness: 'serious_illness',
  studentStage: 'student_stage',
  employed: 'employed',
  careLevel: 'care_level',
  supporter: 'supporter',
} as const satisfies Record<Exclude<keyof PersonChanges, 'idNumber'>, string>;

export const HOUSEHOLD_COLUMNS = {
  address: 'address',
  residence: 'residence',
  regionCode: 'region_code',
} as const satisfies Record<keyof HouseholdChanges, string>;

export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号',
  relation: '与户主关系',
  monthlyIncome: '月收入（元）',
  laborCapacity: '劳动能力',
  disabilityGrade: '残疾等级',
  disabilityType: '残疾类别',
  seriousIllness: '重病',
  studentStage: '在学阶段',
  employed: '就业',
  careLevel: '照料等级',
  supporter: '赡养（抚养、扶养）义务人',
  deathDate: '死亡日期',
  address: '家庭住址',
  residence: '城乡类别',
  regionCode: '所在村(居)',
  household: '所在家庭',
  head: '户主',
  category: '救助类别',
  monitoring: '监测状态',
};

const ENUM_LABELS: Record<string, Record<string, string>> = {
  relation: RELATION_LABELS,
  laborCapacity: LABOR_LABELS,
  disabilityType: DISABILITY_LABELS,
  studentStage: STUDENT_LABELS,
  careLevel: CARE_LABELS,
  supporter: SUPPORTER_LABELS,
  residence: RESIDENCE_LABELS,
  category: CATEGORY_LABELS,
  monitoring: MONITORING_LABELS,
};

/** A history value as a worker reads it. */
export function displayValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'monthlyIncome' && typeof v === 'number') return `${v.toFixed(2)} 元`;
  if (field === 'disabilityGrade') return `${v}级`;
  const labels = ENUM_LABELS[field];
  if (labels && typeof v === 'string') return labels[v] ?? v;
  return String(v);
}
