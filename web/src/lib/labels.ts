/** Display labels (zh-CN) for the codes the server uses. */

export const ROLES = [
  'village_assistant',
  'town_worker',
  'civil_admin',
  'department',
  'charity',
  'supervisor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  village_assistant: '村(居)社会救助协理员',
  town_worker: '乡镇(街道)经办人',
  civil_admin: '民政管理员',
  department: '部门用户',
  charity: '慈善组织',
  supervisor: '监督人员',
};

export const CATEGORIES = [
  'tekun',
  'dibao',
  'dibao_edge',
  'rigid_expense',
  'relapse_monitor',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  tekun: '特困人员',
  dibao: '低保',
  dibao_edge: '低保边缘',
  rigid_expense: '刚性支出困难',
  relapse_monitor: '防止返贫监测对象',
  other: '其他困难人员',
};

export const REGION_LEVELS = ['province', 'city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  city: '市',
  county: '县',
  town: '乡镇',
  village: '村',
};

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

export function categoryLabel(category: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[category] ?? category;
}

export function regionLevelLabel(level: string): string {
  return (REGION_LEVEL_LABELS as Record<string, string>)[level] ?? level;
}
