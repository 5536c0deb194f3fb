/**
 * Demo staff accounts in real regions of the seed jurisdictions. The password is public on purpose
 * (README, start banner); demo data is for trying the product, never for production.
 */
import type { Role } from '../modules/access/actor.ts';

export const DEMO_PASSWORD = 'Doudi#Demo2026';

export type DemoAccount = {
  username: string;
  password: string;
  role: Role;
  regionCode: string;
  displayName: string;
  department?: string;
  /** What to try first with this account (README). */
  note: string;
};

const account = (a: Omit<DemoAccount, 'password'>): DemoAccount => ({ ...a, password: DEMO_PASSWORD });

export const DEMO_ACCOUNTS: DemoAccount[] = [
  account({
    username: 'town.zhongxinjie',
    role: 'town_worker',
    regionCode: '370402001000',
    displayName: '王丽（中心街街道经办人）',
    note: '枣庄市市中区中心街街道的经办人：受理申请、处理预警',
  }),
  account({
    username: 'village.tiexi',
    role: 'village_assistant',
    regionCode: '370402001013',
    displayName: '李强（铁西居委会协理员）',
    note: '中心街街道铁西居委会的协理员：入户核查',
  }),
  account({
    username: 'town.huwei',
    role: 'town_worker',
    regionCode: '500230101000',
    displayName: '陈敏（虎威镇经办人）',
    note: '重庆市丰都县虎威镇的经办人',
  }),
  account({
    username: 'town.shetan',
    role: 'town_worker',
    regionCode: '500230102000',
    displayName: '刘洋（社坛镇经办人）',
    note: '与虎威镇同属丰都县：看不到虎威镇的任何数据',
  }),
  account({
    username: 'county.fengdu',
    role: 'civil_admin',
    regionCode: '500230000000',
    displayName: '赵静（丰都县民政局）',
    note: '县级民政：下辖各乡镇的统计、逾期督办',
  }),
  account({
    username: 'city.zaozhuang',
    role: 'civil_admin',
    regionCode: '370400000000',
    displayName: '孙浩（枣庄市民政局）',
    note: '市级民政：政策参数、全市统计',
  }),
  account({
    username: 'city.sanmenxia',
    role: 'civil_admin',
    regionCode: '411200000000',
    displayName: '周磊（三门峡市民政局）',
    note: '三门峡市民政',
  }),
  account({
    username: 'province.jilin',
    role: 'civil_admin',
    regionCode: '220000000000',
    displayName: '吴芳（吉林省民政厅）',
    note: '省级民政：全省统计、政策发布',
  }),
  account({
    username: 'county.nongan',
    role: 'civil_admin',
    regionCode: '220122000000',
    displayName: '郑伟（农安县民政局）',
    note: '吉林省长春市农安县民政',
  }),
  account({
    username: 'city.chongqing',
    role: 'civil_admin',
    regionCode: '500000000000',
    displayName: '冯雪（重庆市民政局）',
    note: '重庆市民政（直辖市）',
  }),
  account({
    username: 'province.gansu',
    role: 'civil_admin',
    regionCode: '620000000000',
    displayName: '蒋涛（甘肃省民政厅）',
    note: '甘肃省民政',
  }),
  account({
    username: 'county.yuzhong',
    role: 'civil_admin',
    regionCode: '620123000000',
    displayName: '韩梅（榆中县民政局）',
    note: '甘肃省兰州市榆中县民政',
  }),
  account({
    username: 'dept.edu.zaozhuang',
    role: 'department',
    regionCode: '370400000000',
    displayName: '枣庄市教育局',
    department: 'education',
    note: '部门用户：上传家庭经济困难学生数据、接收转办',
  }),
  account({
    username: 'charity.zaozhuang',
    role: 'charity',
    regionCode: '370400000000',
    displayName: '枣庄市慈善总会',
    note: '慈善组织：认领需求',
  }),
  account({
    username: 'supervisor.zaozhuang',
    role: 'supervisor',
    regionCode: '370400000000',
    displayName: '枣庄市纪委监委监督员',
    note: '监督：只读审计、资金异常',
  }),
];
