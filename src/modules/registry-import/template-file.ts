/** The downloadable import template (XLSX with instructions, or CSV with a BOM for Excel). */
import {
  type TemplateFile,
  type TemplateFormat,
  type TemplateSpec,
  templateFile,
  templateCsv as toCsv,
  templateXlsx as toXlsx,
} from '../../db/template-file.ts';
import { COLUMNS, type ColumnKey, exampleRows } from './template.ts';

const headerOf = (c: (typeof COLUMNS)[number]) => (c.required ? `${c.zh}*` : c.zh);

/** ID numbers, codes and household numbers as text: a number would lose the last digits. */
const TEXT_COLUMNS: ReadonlySet<ColumnKey> = new Set([
  'household_no',
  'region_code',
  'id_number',
  'category_from',
]);

const SPEC: TemplateSpec = {
  sheet: '导入模板',
  columns: COLUMNS.map((c) => ({
    key: c.key,
    header: headerOf(c),
    width: Math.max(12, c.zh.length * 3),
    text: TEXT_COLUMNS.has(c.key),
  })),
  examples: exampleRows(),
  help: {
    sheet: '填写说明',
    columns: [
      { header: '表头（中文）', key: 'zh', width: 18 },
      { header: '表头（英文）', key: 'key', width: 18 },
      { header: '是否必填', key: 'required', width: 10 },
      { header: '填写要求', key: 'hint', width: 90 },
    ],
    rows: [
      ...COLUMNS.map((c) => ({ zh: c.zh, key: c.key, required: c.required ? '必填' : '选填', hint: c.hint })),
      {},
      {
        zh: '说明',
        hint: '每位家庭成员一行；同一户的成员户编号相同，户主行的行政区划、住址、救助类别代表全户。',
      },
      { zh: '', hint: '可使用中文或英文表头；表头顺序不限；示例行（张示例、张小例）导入前请删除。' },
      {
        zh: '',
        hint: '有错误的行不会导入，导入结果会列出行号与原因；其余行照常导入。同一文件重复导入不会产生重复数据。',
      },
    ],
  },
};

export const templateXlsx = (): Promise<Buffer> => toXlsx(SPEC);

export const templateCsv = (): string => toCsv(SPEC);

/** The template as a download, named 低收入人口导入模板. */
export const registryTemplateFile = (format: TemplateFormat): Promise<TemplateFile> =>
  templateFile(SPEC, format, '低收入人口导入模板');
