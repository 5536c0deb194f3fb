/**
 * The registry import template: one row per person, the household's facts repeated on each of its
 * members' rows. Headers may be Chinese or English; enum values may be the Chinese wording or the
 * code. This file is the contract documented in docs/registry-import.md.
 */
import { makeIdNumber } from '../../core/id-number.ts';

export type ColumnKey =
  | 'household_no'
  | 'region_code'
  | 'residence'
  | 'address'
  | 'id_number'
  | 'name'
  | 'relation'
  | 'monthly_income'
  | 'labor_capacity'
  | 'disability_grade'
  | 'disability_type'
  | 'serious_illness'
  | 'student_stage'
  | 'employed'
  | 'care_level'
  | 'supporter'
  | 'category'
  | 'category_from';

export type ColumnDef = {
  key: ColumnKey;
  zh: string;
  required: boolean;
  /** Further header spellings accepted (after normalisation). */
  aliases?: string[];
  hint: string;
};

export const COLUMNS: readonly ColumnDef[] = [
  {
    key: 'household_no',
    zh: '户编号',
    required: true,
    aliases: ['家庭编号', '户号'],
    hint: '本地户编号，同户成员相同',
  },
  {
    key: 'region_code',
    zh: '行政区划代码',
    required: true,
    aliases: ['村居代码', '所在村居代码', '区划代码'],
    hint: '家庭所在村（居）的12位统计用区划代码',
  },
  {
    key: 'residence',
    zh: '城乡类别',
    required: false,
    aliases: ['城乡'],
    hint: '城市 / 农村；空则按区划代码判断',
  },
  { key: 'address', zh: '家庭住址', required: false, aliases: ['住址', '地址'], hint: '' },
  {
    key: 'id_number',
    zh: '身份证号',
    required: true,
    aliases: ['身份证号码', '公民身份号码'],
    hint: '18位，须为文本格式',
  },
  { key: 'name', zh: '姓名', required: true, hint: '' },
  {
    key: 'relation',
    zh: '与户主关系',
    required: true,
    aliases: ['关系'],
    hint: '户主 / 配偶 / 子女 / 父母 / 孙子女 / 祖父母 / 兄弟姐妹 / 其他',
  },
  {
    key: 'monthly_income',
    zh: '月收入',
    required: false,
    aliases: ['月收入（元）', '月收入(元)'],
    hint: '元，最多两位小数；空为0',
  },
  {
    key: 'labor_capacity',
    zh: '劳动能力',
    required: true,
    hint: '无劳动能力 / 部分劳动能力 / 有劳动能力（或 无 / 部分 / 有）',
  },
  { key: 'disability_grade', zh: '残疾等级', required: false, hint: '1–4；无残疾留空' },
  {
    key: 'disability_type',
    zh: '残疾类别',
    required: false,
    hint: '视力 / 听力 / 言语 / 肢体 / 智力 / 精神 / 多重；有残疾等级时必填',
  },
  { key: 'serious_illness', zh: '是否重病', required: false, aliases: ['重病'], hint: '是 / 否；空为否' },
  {
    key: 'student_stage',
    zh: '在学阶段',
    required: false,
    aliases: ['在学'],
    hint: '学前 / 小学 / 初中 / 高中 / 中职 / 大学；不在学留空',
  },
  { key: 'employed', zh: '是否就业', required: false, aliases: ['就业'], hint: '是 / 否；空为否' },
  {
    key: 'care_level',
    zh: '照料等级',
    required: false,
    aliases: ['生活自理能力'],
    hint: '生活自理 / 部分失能 / 完全失能',
  },
  {
    key: 'supporter',
    zh: '赡养义务人',
    required: false,
    aliases: ['赡养（抚养、扶养）义务人', '法定赡养抚养扶养义务人', '义务人'],
    hint: '无 / 无能力 / 有能力；空为无',
  },
  {
    key: 'category',
    zh: '救助类别',
    required: false,
    aliases: ['类别', '对象类别'],
    hint: '特困人员 / 低保 / 低保边缘 / 刚性支出困难 / 防止返贫监测对象 / 其他困难人员；户主行填写全户类别，其他成员行仅在与全户不同时填写（如单人纳入低保），特困人员按人填写',
  },
  {
    key: 'category_from',
    zh: '纳入日期',
    required: false,
    aliases: ['认定日期'],
    hint: 'YYYY-MM-DD；空为导入当天',
  },
];

/** Header text → key: trims, ignores case, spaces, full-width brackets and any "（…）" hint. */
export function normaliseHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊]/g, '')
    .toLowerCase();
}

const HEADER_MAP: Map<string, ColumnKey> = (() => {
  const m = new Map<string, ColumnKey>();
  for (const c of COLUMNS) {
    for (const h of [c.key, c.zh, ...(c.aliases ?? [])]) m.set(normaliseHeader(h), c.key);
  }
  return m;
})();

export function columnOf(header: string): ColumnKey | undefined {
  return HEADER_MAP.get(normaliseHeader(header));
}

const table = (entries: Record<string, string[]>): Map<string, string> => {
  const m = new Map<string, string>();
  for (const [code, words] of Object.entries(entries)) {
    m.set(code.toLowerCase(), code);
    for (const w of words) m.set(w.toLowerCase(), code);
  }
  return m;
};

/** Accepted wordings of each enum column, value → code. */
export const ENUMS: Partial<Record<ColumnKey, Map<string, string>>> = {
  residence: table({ urban: ['城市', '城镇', '城'], rural: ['农村', '乡村', '农'] }),
  relation: table({
    head: ['户主', '本人'],
    spouse: ['配偶', '妻', '夫', '妻子', '丈夫'],
    child: ['子女', '子', '女', '儿子', '女儿'],
    parent: ['父母', '父亲', '母亲'],
    grandchild: ['孙子女', '孙子', '孙女', '外孙子女', '外孙', '外孙女'],
    grandparent: ['祖父母', '祖父', '祖母', '外祖父母', '外祖父', '外祖母'],
    sibling: ['兄弟姐妹', '兄', '弟', '姐', '妹'],
    other: ['其他'],
  }),
  labor_capacity: table({
    none: ['无', '无劳动能力', '丧失劳动能力'],
    partial: ['部分', '部分劳动能力', '部分丧失劳动能力', '弱劳动力'],
    full: ['有', '有劳动能力', '完全', '完全劳动能力', '劳动力'],
  }),
  disability_type: table({
    visual: ['视力', '视力残疾'],
    hearing: ['听力', '听力残疾'],
    speech: ['言语', '言语残疾'],
    physical: ['肢体', '肢体残疾'],
    intellectual: ['智力', '智力残疾'],
    mental: ['精神', '精神残疾'],
    multiple: ['多重', '多重残疾'],
  }),
  student_stage: table({
    preschool: ['学前', '幼儿园', '学前教育'],
    primary: ['小学'],
    junior: ['初中'],
    senior: ['高中', '普通高中'],
    vocational: ['中职', '高职', '中职/高职', '职业教育', '技校'],
    college: ['大学', '大专', '本科', '研究生', '高等教育'],
  }),
  care_level: table({
    self: ['自理', '生活自理', '生活能自理'],
    half: ['半失能', '部分失能', '部分自理', '半自理'],
    full: ['失能', '完全失能', '全失能', '不能自理', '完全不能自理'],
  }),
  supporter: table({
    none: ['无', '无义务人', '无法定义务人'],
    unable: ['无能力', '义务人无能力', '无赡养能力', '无赡养（抚养、扶养）能力'],
    able: ['有能力', '义务人有能力', '有赡养能力', '有赡养（抚养、扶养）能力'],
  }),
  category: table({
    tekun: ['特困', '特困人员', '特困供养'],
    dibao: ['低保', '低保对象', '最低生活保障'],
    dibao_edge: ['低保边缘', '低保边缘家庭'],
    rigid_expense: ['刚性支出', '刚性支出困难', '刚性支出困难家庭', '支出型困难'],
    relapse_monitor: ['防止返贫', '防止返贫监测对象', '防返贫监测对象', '监测对象'],
    other: ['其他', '其他困难人员'],
  }),
};

export const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√']);
export const NO = new Set(['否', '无', 'n', 'no', 'false', '0', '']);

/** Example rows (synthetic, valid check digits) shown in the template. */
export function exampleRows(): Array<Record<ColumnKey, string>> {
  return [
    {
      household_no: '370402001013-90001',
      region_code: '370402001013',
      residence: '城市',
      address: '铁西居委会8栋1单元302室',
      id_number: makeIdNumber('370402', '1950-03-15', 3),
      name: '张示例',
      relation: '户主',
      monthly_income: '300',
      labor_capacity: '无劳动能力',
      disability_grade: '2',
      disability_type: '肢体',
      serious_illness: '否',
      student_stage: '',
      employed: '否',
      care_level: '部分失能',
      supporter: '无',
      category: '低保',
      category_from: '2024-03-01',
    },
    {
      household_no: '370402001013-90001',
      region_code: '370402001013',
      residence: '城市',
      address: '铁西居委会8栋1单元302室',
      id_number: makeIdNumber('370402', '2012-09-12', 2),
      name: '张小例',
      relation: '孙子女',
      monthly_income: '0',
      labor_capacity: '无劳动能力',
      disability_grade: '',
      disability_type: '',
      serious_illness: '否',
      student_stage: '初中',
      employed: '否',
      care_level: '',
      supporter: '有能力',
      category: '',
      category_from: '',
    },
  ];
}
