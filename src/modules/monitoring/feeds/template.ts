/**
 * The downloadable template of each feed type: the Chinese headers of SPEC A.4 (required columns
 * marked `*`, which the header matching ignores) and one example row built from the columns'
 * examples, so that the template itself imports with no row error. The XLSX adds a sheet of
 * instructions: each column's accepted headers and values.
 */
import {
  type TemplateFile,
  type TemplateFormat,
  type TemplateSpec,
  templateFile,
} from '../../../db/template-file.ts';
import { type ColumnSpec, type ColumnType, FEEDS, type FeedType } from './feed-types.ts';

const TYPE_HINTS: Record<ColumnType, string> = {
  id: '18位居民身份证号码，须设为文本格式（15位旧号码自动升为18位）',
  name: '姓名，最长50字',
  date: 'YYYY-MM-DD（也可写 2025/1/8、2025年1月8日），不能晚于导入当天',
  yuan: '金额（元），不能为负数，可带两位小数',
  area: '面积（平方米），不能为负数，可带两位小数',
  period: '年 2024、月 2024-03 或季度 2024Q1',
  text: '文字，最长500字',
  enum: '',
};

const hintOf = (c: ColumnSpec): string =>
  [c.type === 'enum' ? `填写：${(c.options ?? []).map((o) => o.zh).join(' / ')}` : TYPE_HINTS[c.type], c.note]
    .filter(Boolean)
    .join('；');

const headerOf = (c: ColumnSpec): string => (c.required ? `${c.zh}*` : c.zh);

/** The template of one feed type. */
export function feedTemplate(type: FeedType): TemplateSpec {
  const feed = FEEDS[type];
  const columns = feed.columns as readonly ColumnSpec[];
  return {
    sheet: `${feed.zh}数据`,
    columns: columns.map((c) => ({
      key: c.key,
      header: headerOf(c),
      width: Math.max(12, c.zh.length * 3, c.example.length * 2),
      text: c.type === 'id',
    })),
    examples: [Object.fromEntries(columns.map((c) => [c.key, c.example]))],
    help: {
      sheet: '填写说明',
      columns: [
        { header: '表头（中文）', key: 'zh', width: 16 },
        { header: '表头（英文）', key: 'key', width: 18 },
        { header: '是否必填', key: 'required', width: 10 },
        { header: '填写要求', key: 'hint', width: 70 },
        { header: '也接受的表头', key: 'synonyms', width: 60 },
      ],
      rows: [
        ...columns.map((c) => ({
          zh: c.zh,
          key: c.key,
          required: c.required ? '必填' : '选填',
          hint: hintOf(c),
          synonyms: c.synonyms.join('、'),
        })),
        {},
        { zh: '说明', hint: `${feed.zh}数据（${feed.department}）：${feed.signal}。` },
        {
          zh: '',
          hint: '每人每条记录一行；第一行为表头，可用中文或英文表头，顺序不限，带 * 的为必填列；不认识的列会被忽略。',
        },
        { zh: '', hint: `示例行（${columns[1]!.example}）导入前请删除。只读取第一个工作表。` },
        {
          zh: '',
          hint: '有错误的行不会导入，导入结果会列出行号与原因；其余行照常导入。同一行重复导入不会产生重复数据。',
        },
      ],
    },
  };
}

/** The template of a feed type as a download, named e.g. 死亡数据导入模板.csv. */
export const feedTemplateFile = (type: FeedType, format: TemplateFormat): Promise<TemplateFile> =>
  templateFile(feedTemplate(type), format, `${FEEDS[type].zh}数据导入模板`, `${type}-template`);
