/** Display labels and colours (zh-CN) for 动态监测预警 codes; the server also sends most names. */

export const WARNING_LEVELS = ['red', 'orange', 'yellow'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const LEVEL_LABELS: Record<WarningLevel, string> = { red: '红色', orange: '橙色', yellow: '黄色' };
/** Chart and tag colours of the three levels. */
export const LEVEL_COLORS: Record<WarningLevel, string> = {
  red: '#cf1322',
  orange: '#fa8c16',
  yellow: '#fadb14',
};
export const LEVEL_TAG_COLORS: Record<WarningLevel, string> = {
  red: 'red',
  orange: 'orange',
  yellow: 'gold',
};

export const WARNING_STATES = ['open', 'verifying', 'verified', 'handled', 'closed'] as const;
export type WarningState = (typeof WARNING_STATES)[number];

export const STATE_LABELS: Record<WarningState, string> = {
  open: '待核查',
  verifying: '核查中',
  verified: '已核实待处置',
  handled: '已处置',
  closed: '已关闭',
};
export const STATE_TAG_COLORS: Record<WarningState, string> = {
  open: 'blue',
  verifying: 'processing',
  verified: 'purple',
  handled: 'green',
  closed: 'default',
};

export const WARNING_TYPES = [
  'expenditure_surge',
  'main_labourer_death',
  'death',
  'unemployment',
  'disaster_loss',
  'severe_disability',
  'disability',
  'serious_illness',
  'hardship_student',
  'relapse_monitor',
  'dangerous_housing',
  'possibly_ineligible_vehicle',
  'possibly_ineligible_business',
  'possibly_ineligible_real_estate',
  'possibly_ineligible_high_income',
  'policy_not_implemented',
] as const;
export type WarningType = (typeof WARNING_TYPES)[number];

export const TYPE_LABELS: Record<WarningType, string> = {
  expenditure_surge: '支出骤增',
  main_labourer_death: '主要劳动力死亡',
  death: '人员死亡',
  unemployment: '登记失业',
  disaster_loss: '受灾损失',
  severe_disability: '新增重度残疾',
  disability: '新增残疾',
  serious_illness: '重病',
  hardship_student: '家庭经济困难学生',
  relapse_monitor: '防止返贫监测对象',
  dangerous_housing: '危房',
  possibly_ineligible_vehicle: '可能不再符合（车辆）',
  possibly_ineligible_business: '可能不再符合（工商登记）',
  possibly_ineligible_real_estate: '可能不再符合（不动产）',
  possibly_ineligible_high_income: '可能不再符合（高收入）',
  policy_not_implemented: '政策未落实',
};

export const HANDLING_ROUTES = [
  'implement_policy',
  'inform_and_apply',
  'verify_and_terminate',
  'case_conference',
  'no_action',
] as const;
export type HandlingRoute = (typeof HANDLING_ROUTES)[number];

export const ROUTE_LABELS: Record<HandlingRoute, string> = {
  implement_policy: '落实政策或转办责任部门',
  inform_and_apply: '告知政策、启动申请并推送部门',
  verify_and_terminate: '核实后按规定终止',
  case_conference: '一事一议',
  no_action: '无需处置',
};

export const VISIT_RESULTS = ['confirmed', 'not_confirmed', 'follow_up'] as const;
export type VisitResult = (typeof VISIT_RESULTS)[number];

export const VISIT_RESULT_LABELS: Record<VisitResult, string> = {
  confirmed: '属实',
  not_confirmed: '不属实',
  follow_up: '需再次核查',
};
/** What each visit result does to the warning, shown under the choice. */
export const VISIT_RESULT_HINTS: Record<VisitResult, string> = {
  confirmed: '预警转为“已核实待处置”，核查任务完成',
  not_confirmed: '预警关闭，核查任务完成',
  follow_up: '预警转为“核查中”，任务保留待再次核查',
};

export const LEAD_STATUSES = ['open', 'contacted', 'applied', 'dismissed', 'matched'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  open: '待跟进',
  contacted: '已联系',
  applied: '已引导申请',
  dismissed: '无需跟进',
  matched: '已在库内',
};
export const REGION_PRECISION_LABELS: Record<string, string> = {
  village: '村(居)',
  town: '乡镇(街道)',
  county: '仅知区县',
  unknown: '地区不明',
};

/** What a handling route's pending action means for the worker. */
export const INTENDED_ACTION_LABELS: Record<string, string> = {
  end_category: '待办：请在家庭页面办理退出',
  start_application: '待办：启动救助申请（申请模块上线后自动创建）',
  refer_to_departments: '待办：推送责任部门（转办模块上线后自动推送）',
};

export const BATCH_SOURCE_LABELS: Record<string, string> = {
  file: '文件上传',
  push: '接口推送',
  demo: '演示数据',
};

const lookup = (m: Record<string, string>, k: string) => m[k] ?? k;
export const levelLabel = (l: string) => lookup(LEVEL_LABELS, l);
export const stateLabel = (s: string) => lookup(STATE_LABELS, s);
export const typeLabel = (t: string) => lookup(TYPE_LABELS, t);
export const isWarningLevel = (l: string): l is WarningLevel =>
  (WARNING_LEVELS as readonly string[]).includes(l);
export const isWarningState = (s: string): s is WarningState =>
  (WARNING_STATES as readonly string[]).includes(s);
