/**
 * Display labels (zh-CN) for the codes of the low-income population database, worded as the server
 * words them (src/modules/households/fields.ts), plus the small formatting the household screens share.
 */

type Option<T extends string = string> = { value: T; label: string };
const optionsOf = <T extends string>(labels: Record<T, string>): Option<T>[] =>
  (Object.entries(labels) as Array<[T, string]>).map(([value, label]) => ({ value, label }));
const labelIn = (labels: Record<string, string>, code: string | null | undefined): string =>
  code === null || code === undefined || code === '' ? '—' : (labels[code] ?? code);

export const RELATION_LABELS = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
} as const;
export type Relation = keyof typeof RELATION_LABELS;

export const LABOR_LABELS = { full: '有劳动能力', partial: '部分劳动能力', none: '无劳动能力' } as const;
export type LaborCapacity = keyof typeof LABOR_LABELS;

export const DISABILITY_TYPE_LABELS = {
  visual: '视力残疾',
  hearing: '听力残疾',
  speech: '言语残疾',
  physical: '肢体残疾',
  intellectual: '智力残疾',
  mental: '精神残疾',
  multiple: '多重残疾',
} as const;
export type DisabilityType = keyof typeof DISABILITY_TYPE_LABELS;

export const STUDENT_LABELS = {
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中职/高职',
  college: '大学',
} as const;
export type StudentStage = keyof typeof STUDENT_LABELS;

export const CARE_LABELS = { self: '生活自理', half: '部分失能', full: '完全失能' } as const;
export type CareLevel = keyof typeof CARE_LABELS;

export const SUPPORTER_LABELS = {
  none: '无法定赡养（抚养、扶养）义务人',
  unable: '义务人无赡养（抚养、扶养）能力',
  able: '义务人有赡养（抚养、扶养）能力',
} as const;
export type Supporter = keyof typeof SUPPORTER_LABELS;

export const RESIDENCE_LABELS = { urban: '城市', rural: '农村' } as const;
export type Residence = keyof typeof RESIDENCE_LABELS;

/** Status of a category assignment. */
export const CATEGORY_STATUS_LABELS: Record<string, string> = {
  active: '享受中',
  gradual_exit: '渐退期',
  suspended: '暂停',
  ended: '已终止',
};
export const CATEGORY_STATUS_COLORS: Record<string, string> = {
  active: 'green',
  gradual_exit: 'gold',
  suspended: 'orange',
  ended: 'default',
};

/** Sources a worker may give for a change (the server's EDIT_SOURCES). */
export const EDIT_SOURCE_LABELS = {
  self_declared: '本人申报',
  proxy: '代为申报',
  home_visit: '入户核查',
  department_feed: '部门数据比对',
  department_return: '部门反馈',
} as const;
export type EditSource = keyof typeof EDIT_SOURCE_LABELS;

/** Every source a fact may have (what the import route accepts: all but demo data). */
export const SOURCE_LABELS: Record<string, string> = {
  ...EDIT_SOURCE_LABELS,
  registry_import: '批量导入',
  demo: '演示数据',
};

export const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号',
  relation: '与户主关系',
  monthlyIncome: '月收入',
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
  head: '户主',
};

export const RELATION_OPTIONS = optionsOf(RELATION_LABELS);
export const LABOR_OPTIONS = optionsOf(LABOR_LABELS);
export const DISABILITY_TYPE_OPTIONS = optionsOf(DISABILITY_TYPE_LABELS);
export const STUDENT_OPTIONS = optionsOf(STUDENT_LABELS);
export const CARE_OPTIONS = optionsOf(CARE_LABELS);
export const SUPPORTER_OPTIONS = optionsOf(SUPPORTER_LABELS);
export const RESIDENCE_OPTIONS = optionsOf(RESIDENCE_LABELS);
export const EDIT_SOURCE_OPTIONS = optionsOf(EDIT_SOURCE_LABELS);

export const relationLabel = (c: string | null | undefined) => labelIn(RELATION_LABELS, c);
export const laborLabel = (c: string | null | undefined) => labelIn(LABOR_LABELS, c);
export const studentLabel = (c: string | null | undefined) => (c ? labelIn(STUDENT_LABELS, c) : '不在学');
export const careLabel = (c: string | null | undefined) => labelIn(CARE_LABELS, c);
export const supporterLabel = (c: string | null | undefined) => labelIn(SUPPORTER_LABELS, c);
export const residenceLabel = (c: string | null | undefined) => labelIn(RESIDENCE_LABELS, c);
export const sourceLabel = (c: string | null | undefined) => labelIn(SOURCE_LABELS, c);
export const categoryStatusLabel = (c: string) => labelIn(CATEGORY_STATUS_LABELS, c);

const GRADE_WORDS = ['', '一级', '二级', '三级', '四级'];

export function disabilityLabel(d: { grade: number; type: string | null } | null): string {
  if (!d) return '无';
  const type = d.type ? labelIn(DISABILITY_TYPE_LABELS, d.type) : '残疾';
  return `${type}${GRADE_WORDS[d.grade] ?? `${d.grade}级`}`;
}

const yuanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatYuan = (n: number): string => `${yuanFormat.format(n)} 元`;

export const sexLabel = (s: string): string => (s === 'female' ? '女' : s === 'male' ? '男' : s);
