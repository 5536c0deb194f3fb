/**
 * The 13 department feeds of SPEC §6 and appendix A.4: for each, the department that sends it, the
 * signal it carries, and its columns with the Chinese and English header names a file may use.
 *
 * Column keys (`death_date`, …) are the contract. Headers are matched after `normaliseHeader`
 * (NFKC, lower case, spaces, `_`, `-`, `*` and a trailing unit in brackets such as “（元）” removed),
 * so `Death Date`, `death-date` and `死亡日期（年月日）` all name `death_date`.
 *
 * Every feed has `id_number` and `name`. Columns not listed here are ignored, so departments may
 * send more.
 */

import type { IsoDate } from '../../../core/dates.ts';
import type { IdNumber } from '../../../core/id-number.ts';
import type { Fen } from '../../../core/money.ts';

/**
 * - `id`: 18-digit 居民身份证号 (GB 11643 checksum); a 15-digit number is converted to 18 digits.
 * - `name`: a person's name, whitespace collapsed.
 * - `date`: `YYYY-MM-DD` (also `YYYY/M/D`, `YYYY.M.D`, `YYYYMMDD`, `YYYY年M月D日`, an Excel date).
 * - `yuan`: an amount in yuan, ≥ 0, becomes integer fen (`1,234.56`, `¥12`, `12元` accepted).
 * - `area`: square metres, ≥ 0, two decimals kept (`85.5㎡`, `85.5平方米` accepted).
 * - `period`: an income period: `2024` (year), `2024-03` (month) or `2024-Q1` (quarter).
 * - `text`: free text, trimmed, whitespace collapsed.
 * - `enum`: one of `options` by code, Chinese name or alias.
 */
export type ColumnType = 'id' | 'name' | 'date' | 'yuan' | 'area' | 'period' | 'text' | 'enum';

export interface EnumOption {
  readonly code: string;
  readonly zh: string;
  readonly aliases: readonly string[];
}

export interface ColumnSpec {
  /** The contract name (English header). */
  readonly key: string;
  /** The Chinese header of SPEC A.4. */
  readonly zh: string;
  /** Further accepted headers, Chinese or English. */
  readonly synonyms: readonly string[];
  readonly type: ColumnType;
  /** A required column must be in the header row and have a value in every row. */
  readonly required: boolean;
  readonly options?: readonly EnumOption[];
  /** An example cell as a department would write it. */
  readonly example: string;
  readonly note?: string;
}

export interface FeedSpec {
  readonly zh: string;
  /** The sending department (SPEC §6 table). */
  readonly department: string;
  /** What the feed signals. */
  readonly signal: string;
  /** Rows of people not in the database are kept as proactive-discovery leads 主动发现线索. */
  readonly discoveryLead: boolean;
  readonly columns: readonly ColumnSpec[];
}

const ID_NUMBER = {
  key: 'id_number',
  zh: '身份证号码',
  synonyms: [
    '身份证号',
    '公民身份号码',
    '公民身份证号码',
    '证件号码',
    '证件号',
    '身份证件号码',
    '身份号码',
    '身份证',
    'id',
    'id_no',
    'id number',
    'id card',
    'id card number',
    'identity number',
    'citizen id',
  ],
  type: 'id',
  required: true,
  example: '370402198506150124',
} as const;

const NAME = {
  key: 'name',
  zh: '姓名',
  synonyms: ['人员姓名', '名字', 'full name', 'person name'],
  type: 'name',
  required: true,
  example: '张三',
} as const;

const DISABILITY_GRADES = [
  { code: '1', zh: '一级', aliases: ['1级', '一', '壹级', 'i', 'grade 1'] },
  { code: '2', zh: '二级', aliases: ['2级', '二', '贰级', 'ii', 'grade 2'] },
  { code: '3', zh: '三级', aliases: ['3级', '三', '叁级', 'iii', 'grade 3'] },
  { code: '4', zh: '四级', aliases: ['4级', '四', '肆级', 'iv', 'grade 4'] },
] as const;

const DISABILITY_TYPES = [
  { code: 'visual', zh: '视力残疾', aliases: ['视力', '视残', 'vision'] },
  { code: 'hearing', zh: '听力残疾', aliases: ['听力', '听残'] },
  { code: 'speech', zh: '言语残疾', aliases: ['言语', '语言残疾', '语言'] },
  { code: 'physical', zh: '肢体残疾', aliases: ['肢体', '肢残'] },
  { code: 'intellectual', zh: '智力残疾', aliases: ['智力', '智残'] },
  { code: 'mental', zh: '精神残疾', aliases: ['精神', '精残'] },
  { code: 'multiple', zh: '多重残疾', aliases: ['多重', 'multi'] },
] as const;

const STUDENT_STAGES = [
  { code: 'preschool', zh: '学前教育', aliases: ['学前', '幼儿园', '在园幼儿', '学前班'] },
  { code: 'primary', zh: '小学', aliases: ['小学阶段', '义务教育小学'] },
  { code: 'junior', zh: '初中', aliases: ['初级中学', '义务教育初中', 'junior high'] },
  { code: 'senior', zh: '普通高中', aliases: ['高中', '高级中学', 'senior high'] },
  {
    code: 'vocational',
    zh: '中等职业教育',
    aliases: ['中职', '中专', '职高', '职业高中', '技工学校', '技校', '中等职业学校'],
  },
  {
    code: 'college',
    zh: '高等教育',
    aliases: ['大学', '高校', '本科', '专科', '大专', '高职', '研究生', '硕士', '博士', 'university'],
  },
] as const;

const RELAPSE_MONITOR_TYPES = [
  { code: 'unstable_alleviated', zh: '脱贫不稳定户', aliases: ['脱贫不稳定', '不稳定户'] },
  { code: 'edge_prone', zh: '边缘易致贫户', aliases: ['边缘易致贫', '边缘户', '易致贫户'] },
  { code: 'sudden_hardship', zh: '突发严重困难户', aliases: ['突发严重困难', '突发困难户'] },
] as const;

const HOUSING_GRADES = [
  { code: 'C', zh: 'C级', aliases: ['c级危房', '局部危房'] },
  { code: 'D', zh: 'D级', aliases: ['d级危房', '整栋危房', '整幢危房'] },
] as const;

const REGISTERED_ON = ['登记时间', '注册日期', 'registration date', 'registered'] as const;

/** The feeds of SPEC appendix A.4. */
export const FEEDS = {
  death: {
    zh: '死亡',
    department: '公安/民政',
    signal: '人口变化；家庭主要劳动力死亡导致收入骤减；停发救助金',
    discoveryLead: false,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'death_date',
        zh: '死亡日期',
        synonyms: ['死亡时间', '死亡日', 'date of death', 'died on'],
        type: 'date',
        required: true,
        example: '2025-01-18',
      },
    ],
  },
  unemployment: {
    zh: '登记失业',
    department: '人社',
    signal: '收入无法持续稳定',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'registered_on',
        zh: '登记日期',
        synonyms: ['失业登记日期', '失业登记时间', ...REGISTERED_ON],
        type: 'date',
        required: true,
        example: '2025-02-03',
      },
    ],
  },
  medical_selfpay: {
    zh: '医保自付',
    department: '医保',
    signal: '家庭支出骤增（一定期间内个人自付医疗费用超过一定数额）',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'settled_on',
        zh: '结算日期',
        synonyms: ['结算时间', '费用结算日期', 'settlement date', 'settled'],
        type: 'date',
        required: true,
        example: '2025-02-11',
      },
      {
        key: 'total_cost',
        zh: '总费用',
        synonyms: ['医疗总费用', '费用总额', '总金额', 'total', 'total amount'],
        type: 'yuan',
        required: false,
        example: '38650.00',
      },
      {
        key: 'self_pay',
        zh: '个人自付',
        synonyms: [
          '个人自付金额',
          '个人自付费用',
          '自付金额',
          '自付费用',
          'self pay amount',
          'out of pocket',
        ],
        type: 'yuan',
        required: true,
        example: '12480.50',
      },
      {
        key: 'settlement_no',
        zh: '结算单号',
        synonyms: ['结算编号', '结算流水号', '结算id', 'settlement id', 'settlement number'],
        type: 'text',
        required: false,
        example: 'JS2025021100387',
        note: '可选。同一人同一天金额相同的两次结算，只有结算单号能把它们区分开；缺少时按同一条记录处理。',
      },
    ],
  },
  serious_illness: {
    zh: '重病',
    department: '卫健',
    signal: '因病困难',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'diagnosis',
        zh: '疾病名称',
        synonyms: ['诊断', '诊断名称', '疾病诊断', '病种', '病种名称', 'disease'],
        type: 'text',
        required: true,
        example: '急性白血病',
      },
      {
        key: 'diagnosed_on',
        zh: '确诊日期',
        synonyms: ['诊断日期', '确诊时间', 'diagnosis date'],
        type: 'date',
        required: true,
        example: '2025-01-07',
      },
    ],
  },
  disability: {
    zh: '残疾人证',
    department: '残联',
    signal: '因残困难；新增重度残疾',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'grade',
        zh: '残疾等级',
        synonyms: ['残疾级别', '等级', 'disability grade', 'disability level'],
        type: 'enum',
        required: true,
        options: DISABILITY_GRADES,
        example: '二级',
      },
      {
        key: 'type',
        zh: '残疾类别',
        synonyms: ['残疾类型', '残疾种类', '类别', 'disability type', 'category'],
        type: 'enum',
        required: true,
        options: DISABILITY_TYPES,
        example: '肢体残疾',
      },
      {
        key: 'certified_on',
        zh: '发证日期',
        synonyms: ['办证日期', '持证日期', '发证时间', 'certificate date', 'issued on'],
        type: 'date',
        required: true,
        example: '2024-12-20',
      },
    ],
  },
  hardship_student: {
    zh: '家庭经济困难学生',
    department: '教育',
    signal: '因学困难；主动发现线索',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'school',
        zh: '学校',
        synonyms: ['学校名称', '就读学校', 'school name'],
        type: 'text',
        required: true,
        example: '枣庄市第十五中学',
      },
      {
        key: 'stage',
        zh: '学段',
        synonyms: ['就读学段', '教育阶段', '学习阶段', 'education stage', 'school stage'],
        type: 'enum',
        required: true,
        options: STUDENT_STAGES,
        example: '初中',
      },
      {
        key: 'recognized_on',
        zh: '认定日期',
        synonyms: ['认定时间', 'recognised on', 'recognition date'],
        type: 'date',
        required: true,
        example: '2024-09-20',
      },
    ],
  },
  disaster: {
    zh: '受灾',
    department: '应急',
    signal: '财产遭受重大损失',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'disaster_type',
        zh: '灾害类型',
        synonyms: ['灾种', '灾害种类', '灾害名称', 'disaster'],
        type: 'text',
        required: true,
        example: '洪涝',
      },
      {
        key: 'loss_amount',
        zh: '损失金额',
        synonyms: ['直接经济损失', '经济损失', '损失', '财产损失', 'loss', 'loss amount'],
        type: 'yuan',
        required: true,
        example: '35000',
      },
      {
        key: 'occurred_on',
        zh: '发生日期',
        synonyms: ['受灾日期', '灾害发生日期', '发生时间', 'occurred', 'disaster date'],
        type: 'date',
        required: true,
        example: '2024-07-12',
      },
    ],
  },
  relapse_monitor: {
    zh: '防止返贫监测对象',
    department: '农业农村',
    signal: '直接纳入动态监测',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'monitor_type',
        zh: '监测类型',
        synonyms: ['监测对象类型', '监测对象类别', '户类型', 'monitoring type'],
        type: 'enum',
        required: true,
        options: RELAPSE_MONITOR_TYPES,
        example: '突发严重困难户',
      },
      {
        key: 'household_head_id',
        zh: '户主身份证号码',
        synonyms: ['户主身份证号', '户主证件号码', '户主公民身份号码', 'head id', 'household head id number'],
        type: 'id',
        required: false,
        example: '370402196203080318',
        note: '可选。同一户的成员按户主身份证号归户；缺少时按本人所在家庭归户。',
      },
      {
        key: 'identified_on',
        zh: '识别日期',
        synonyms: ['识别时间', '纳入日期', '纳入监测日期', '认定日期', 'identification date'],
        type: 'date',
        required: true,
        example: '2025-01-05',
      },
    ],
  },
  dangerous_housing: {
    zh: '危房',
    department: '住建',
    signal: '住房安全需求',
    discoveryLead: true,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'grade',
        zh: '危房等级',
        synonyms: ['鉴定等级', '房屋等级', '安全等级', '等级', 'housing grade'],
        type: 'enum',
        required: true,
        options: HOUSING_GRADES,
        example: 'D级',
      },
      {
        key: 'assessed_on',
        zh: '鉴定日期',
        synonyms: ['评定日期', '鉴定时间', 'assessment date'],
        type: 'date',
        required: true,
        example: '2024-11-15',
      },
    ],
  },
  vehicle: {
    zh: '车辆',
    department: '公安',
    signal: '可能不再符合救助条件（应退尽退）',
    discoveryLead: false,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'plate',
        zh: '车牌号',
        synonyms: ['车牌号码', '号牌号码', '号牌', 'plate number', 'license plate', 'licence plate'],
        type: 'text',
        required: true,
        example: '鲁D·A1234',
      },
      {
        key: 'registered_on',
        zh: '登记日期',
        synonyms: ['初次登记日期', ...REGISTERED_ON],
        type: 'date',
        required: true,
        example: '2024-06-30',
      },
      {
        key: 'value',
        zh: '价值',
        synonyms: ['车辆价值', '购置价格', '价格', '评估价值', 'vehicle value', 'price'],
        type: 'yuan',
        required: false,
        example: '86000',
      },
    ],
  },
  business: {
    zh: '工商登记',
    department: '市场监管',
    signal: '可能不再符合救助条件（应退尽退）',
    discoveryLead: false,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'company',
        zh: '企业名称',
        synonyms: ['市场主体名称', '公司名称', '名称', '字号名称', 'company name', 'business name'],
        type: 'text',
        required: true,
        example: '枣庄市市中区某某商贸有限公司',
      },
      {
        key: 'registered_on',
        zh: '登记日期',
        synonyms: ['成立日期', ...REGISTERED_ON],
        type: 'date',
        required: true,
        example: '2023-04-18',
      },
      {
        key: 'capital',
        zh: '注册资本',
        synonyms: ['注册资金', '出资额', 'registered capital'],
        type: 'yuan',
        required: false,
        example: '500000',
      },
    ],
  },
  real_estate: {
    zh: '不动产登记',
    department: '不动产登记',
    signal: '可能不再符合救助条件（应退尽退）',
    discoveryLead: false,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'address',
        zh: '地址',
        synonyms: ['坐落', '房屋坐落', '不动产坐落', '房屋地址', 'location'],
        type: 'text',
        required: true,
        example: '枣庄市市中区光明路17号3单元502室',
      },
      {
        key: 'registered_on',
        zh: '登记日期',
        synonyms: ['登簿日期', ...REGISTERED_ON],
        type: 'date',
        required: true,
        example: '2024-10-09',
      },
      {
        key: 'area',
        zh: '面积',
        synonyms: ['建筑面积', '房屋面积', 'floor area'],
        type: 'area',
        required: false,
        example: '96.35',
      },
    ],
  },
  high_income: {
    zh: '高收入',
    department: '税务',
    signal: '可能不再符合救助条件（应退尽退）',
    discoveryLead: false,
    columns: [
      ID_NUMBER,
      NAME,
      {
        key: 'period',
        zh: '期间',
        synonyms: ['所属期', '所属期间', '收入所属期', '税款所属期', '所得期间', 'income period'],
        type: 'period',
        required: true,
        example: '2024',
      },
      {
        key: 'amount',
        zh: '收入金额',
        synonyms: ['收入额', '收入', '所得额', '年收入', 'income', 'income amount'],
        type: 'yuan',
        required: true,
        example: '156000',
      },
    ],
  },
} as const satisfies Readonly<Record<string, FeedSpec>>;

export type FeedType = keyof typeof FEEDS;
export const FEED_TYPES = Object.keys(FEEDS) as FeedType[];

export const isFeedType = (s: string): s is FeedType => Object.hasOwn(FEEDS, s);

export type FeedColumn<T extends FeedType> = (typeof FEEDS)[T]['columns'][number];

type ValueOf<C> = C extends { type: 'id' }
  ? IdNumber
  : C extends { type: 'date' }
    ? IsoDate
    : C extends { type: 'yuan' }
      ? Fen
      : C extends { type: 'area' }
        ? number
        : C extends { type: 'enum'; options: readonly (infer O)[] }
          ? O extends { code: infer K }
            ? K
            : never
          : string;

type ColumnValue<C> = C extends { required: true } ? ValueOf<C> : ValueOf<C> | null;

/** A valid, normalised row of feed `T`, keyed by column key; optional columns may be null. */
export type FeedRow<T extends FeedType> = {
  readonly [C in FeedColumn<T> as C['key']]: ColumnValue<C>;
};

/** A row without the person's identity: what the warning rules look at. */
export type FeedFacts<T extends FeedType> = Omit<FeedRow<T>, 'id_number' | 'name'>;

export type DisabilityGradeCode = (typeof DISABILITY_GRADES)[number]['code'];
export type DisabilityTypeCode = (typeof DISABILITY_TYPES)[number]['code'];
export type HousingGrade = (typeof HOUSING_GRADES)[number]['code'];
export type RelapseMonitorType = (typeof RELAPSE_MONITOR_TYPES)[number]['code'];

/** The spec of one column of one feed. */
export function columnOf(type: FeedType, key: string): ColumnSpec | undefined {
  return (FEEDS[type].columns as readonly ColumnSpec[]).find((c) => c.key === key);
}

/** Chinese name of an enum code, e.g. `optionName('disability', 'type', 'mental')` → 精神残疾. */
export function optionName(type: FeedType, key: string, code: string): string {
  return columnOf(type, key)?.options?.find((o) => o.code === code)?.zh ?? code;
}
