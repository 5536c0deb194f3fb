/**
 * Chinese names of policy-pack parameters (SPEC §3, appendix A.1) and how their values read, for the
 * policy browser, the comparison and the publish form's error list.
 */

export interface SectionInfo {
  key: string;
  title: string;
}

/** Sections in reading order. `header` is the pack's own information (not inherited). */
export const SECTIONS: readonly SectionInfo[] = [
  { key: 'header', title: '基本信息' },
  { key: 'standards', title: '低保标准与收入基准' },
  { key: 'edge', title: '低保边缘' },
  { key: 'rigid', title: '刚性支出困难' },
  { key: 'assets', title: '家庭财产' },
  { key: 'tekun', title: '特困人员' },
  { key: 'dibao', title: '低保：增发、单人户、就业扣减、渐退' },
  { key: 'medical', title: '医疗救助' },
  { key: 'temporary', title: '临时救助' },
  { key: 'monitoring', title: '动态监测' },
  { key: 'payment', title: '发放' },
  { key: 'publicNotice', title: '公示' },
  { key: 'assistance', title: '其他救助帮扶' },
];

const HEADER_KEYS = new Set([
  'id',
  'version',
  'region',
  'name',
  'extends',
  'effectiveFrom',
  'effectiveUntil',
  'abstract',
  'description',
  'source',
  'notes',
  'exampleValues',
]);

export const sectionOf = (path: string): string => {
  const first = path.split('.')[0] ?? path;
  return HEADER_KEYS.has(first) ? 'header' : first;
};

const CATEGORY_SUFFIX: Record<string, string> = {
  tekun: '特困人员',
  dibao: '低保',
  dibao_edge: '低保边缘',
  rigid_expense: '刚性支出困难',
  other: '其他',
};

const LABELS: Record<string, string> = {
  id: '参数包标识',
  version: '版本',
  region: '适用地区代码',
  name: '名称',
  extends: '继承自',
  effectiveFrom: '生效日期',
  effectiveUntil: '失效日期',
  abstract: '抽象基础包',
  description: '说明',
  'source.title': '依据文件',
  'source.docNo': '文号',
  'source.issuedOn': '印发日期',
  'source.url': '文件链接',
  notes: '备注',
  exampleValues: '含示例值',
  'standards.dibao.urban': '城市低保标准（元/人·月）',
  'standards.dibao.rural': '农村低保标准（元/人·月）',
  'standards.disposableIncome.urban': '上年度城镇居民人均可支配收入（元/人·年）',
  'standards.disposableIncome.rural': '上年度农村居民人均可支配收入（元/人·年）',
  'standards.minimumWage': '最低工资标准（元/月）',
  'edge.incomeMultiplier': '低保边缘：人均收入低于低保标准的倍数',
  'rigid.incomeLowerMultiplier': '刚性支出：人均收入下限（低保标准的倍数，空为不设下限）',
  'rigid.expenseRatio': '刚性支出：必要支出超过家庭收入的比例',
  'rigid.expenseKinds': '刚性支出：计入的必要支出',
  'assets.financialMonthsPerPerson': '金融资产上限（人数 × 低保标准 × 月数）',
  'assets.maxVehicles': '机动车上限（辆）',
  'assets.maxExtraHousing': '自住以外住房上限（套）',
  'assets.businessAllowed': '允许登记经营主体',
  'tekun.elderlyAge': '老年人年龄（周岁及以上）',
  'tekun.minorAge': '未成年人年龄（未满周岁）',
  'tekun.basicMultiplier': '基本生活标准（低保标准的倍数）',
  'tekun.care.full': '照料护理：全护理（最低工资的比例）',
  'tekun.care.half': '照料护理：半护理（最低工资的比例）',
  'tekun.care.self': '照料护理：全自理（最低工资的比例）',
  'dibao.supplements': '增发项目（低保标准的比例或元）',
  'dibao.supplementStacking': '多项增发',
  'dibao.employmentCostDeduction': '就业成本扣减（元/人·月）',
  'dibao.gradualExitMonths': '渐退期（月）',
  'dibao.singlePerson.edgeMembers': '边缘家庭重病、重度残疾人员单独纳入低保',
  'dibao.singlePerson.adultUnemployedSevereDisability': '成年无业重度残疾人参照单人户',
  'dibao.singlePerson.adultUnemployedSeriousIllness': '成年无业重病患者参照单人户',
  'medical.tier2OfTier1Contribution': '参加二档的个人缴费资助（一档缴费的比例）',
  'temporary.smallAmountFirstLimit': '小金额先行救助上限（元）',
  'temporary.publicEmergencyMonths': '突发公共事件先行救助（月数 × 城市低保标准）',
  'monitoring.exitedMonths': '退出后继续监测（月）',
  'monitoring.rejectedMonths': '未获认定继续监测（月）',
  'monitoring.rules.medicalSelfPaySurge.amount': '医疗自付骤增预警金额（元）',
  'monitoring.rules.medicalSelfPaySurge.incomeRatio': '医疗自付占近12个月收入比例',
  'monitoring.rules.medicalSelfPaySurge.windowDays': '医疗自付统计时段（天）',
  'monitoring.rules.highIncomeAnnual': '年收入预警线（元/年）',
  'monitoring.rules.disasterLoss': '受灾损失预警线（元）',
  'monitoring.rules.verificationDays.red': '红色预警核查时限（天）',
  'monitoring.rules.verificationDays.orange': '橙色预警核查时限（天）',
  'monitoring.rules.verificationDays.yellow': '黄色预警核查时限（天）',
  'payment.dayOfMonth': '每月发放截止日',
  'publicNotice.days': '公示天数',
};

const ASSISTANCE_FIELDS: Record<string, string> = {
  name: '项目',
  department: '责任部门',
  categories: '适用类别',
  members: '适用成员',
  residence: '城乡',
  condition: '条件',
  source: '依据',
};

/** The Chinese name of a parameter path (falls back to the path). */
export function paramLabel(path: string): string {
  const direct = LABELS[path];
  if (direct) return direct;
  const premium = /^medical\.premiumSubsidy\.(\w+)$/.exec(path);
  if (premium) return `参保个人缴费资助比例：${CATEGORY_SUFFIX[premium[1]!] ?? premium[1]}`;
  const relief = /^medical\.reliefRatio\.(\w+)$/.exec(path);
  if (relief) return `医疗救助政策范围内自付费用救助比例：${CATEGORY_SUFFIX[relief[1]!] ?? relief[1]}`;
  const assistance = /^assistance\.(\w+)\.(\w+)$/.exec(path);
  if (assistance) return `${assistance[1]}：${ASSISTANCE_FIELDS[assistance[2]!] ?? assistance[2]}`;
  return path;
}

/** A form-error key (`members[1].idNumber`, `standards.dibao.urban`) with its Chinese name. */
export function fieldLabel(path: string): string {
  const label = paramLabel(path);
  return label === path ? path : `${label}（${path}）`;
}

const PERCENT_PATHS = [
  /^rigid\.expenseRatio$/,
  /^tekun\.care\./,
  /^medical\./,
  /^monitoring\.rules\.medicalSelfPaySurge\.incomeRatio$/,
];

const SUPPLEMENT_WHEN: Record<string, string> = {
  seriousIllness: '重病患者',
  severeDisability: '重度残疾人',
  age70plus: '70周岁以上老年人',
  minor: '未成年人',
};
const EXPENSE_KINDS: Record<string, string> = {
  medical: '医疗',
  education: '教育',
  housing: '住房',
  care: '照护',
};
const ENUM_VALUES: Record<string, Record<string, string>> = {
  'dibao.supplementStacking': { stack: '逐项叠加', highest: '只取最高一项' },
  'dibao.singlePerson.adultUnemployedSevereDisability': {
    any: '不论家庭收入',
    rigidRange: '家庭收入在刚性支出区间时',
    none: '不适用',
  },
  'dibao.singlePerson.adultUnemployedSeriousIllness': {
    any: '不论家庭收入',
    rigidRange: '家庭收入在刚性支出区间时',
    none: '不适用',
  },
};

const percent = (r: number): string => `${Number((r * 100).toFixed(4))}%`;

/** A parameter value as a person reads it. */
export function formatParam(path: string, value: unknown): string {
  if (value === null || value === undefined) return '无';
  if (typeof value === 'boolean') return value ? '是' : '否';
  const enumLabels = ENUM_VALUES[path];
  if (enumLabels && typeof value === 'string') return enumLabels[value] ?? value;
  if (typeof value === 'number') {
    if (PERCENT_PATHS.some((re) => re.test(path))) return percent(value);
    if (path.endsWith('Multiplier')) return `${value} 倍`;
    return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 6 }).format(value);
  }
  if (path === 'dibao.supplements' && Array.isArray(value)) {
    if (value.length === 0) return '无';
    return value
      .map((s: { when?: string; ratio?: number; amount?: number }) => {
        const who = SUPPLEMENT_WHEN[s.when ?? ''] ?? s.when;
        return s.ratio !== undefined ? `${who} +${percent(s.ratio)}` : `${who} +${s.amount} 元`;
      })
      .join('；');
  }
  if (path === 'rigid.expenseKinds' && Array.isArray(value)) {
    return value.map((k) => EXPENSE_KINDS[String(k)] ?? String(k)).join('、');
  }
  if (/^assistance\.\w+\.categories$/.test(path) && Array.isArray(value)) {
    return value.map((k) => CATEGORY_SUFFIX[String(k)] ?? String(k)).join('、');
  }
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('；');
  if (typeof value === 'object')
    return Object.keys(value).length === 0 ? '（未设置）' : JSON.stringify(value);
  return String(value);
}
