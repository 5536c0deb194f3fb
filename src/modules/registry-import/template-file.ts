/** The downloadable import template (XLSX with instructions, or CSV with a BOM for Excel). */
import ExcelJS from 'exceljs';
import { csvRow } from '../../db/csv.ts';
import { COLUMNS, exampleRows } from './template.ts';

const headerOf = (c: (typeof COLUMNS)[number]) => (c.required ? `${c.zh}*` : c.zh);

export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet('导入模板');
  ws.columns = COLUMNS.map((c) => ({
    header: headerOf(c),
    key: c.key,
    width: Math.max(12, c.zh.length * 3),
  }));
  // ID numbers, codes and household numbers as text: a number would lose the last digits.
  for (const key of ['household_no', 'region_code', 'id_number', 'category_from'] as const) {
    ws.getColumn(key).numFmt = '@';
  }
  ws.getRow(1).font = { bold: true };
  for (const r of exampleRows()) ws.addRow(r);

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '表头（中文）', key: 'zh', width: 18 },
    { header: '表头（英文）', key: 'key', width: 18 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'hint', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of COLUMNS)
    help.addRow({ zh: c.zh, key: c.key, required: c.required ? '必填' : '选填', hint: c.hint });
  help.addRow({});
  help.addRow({
    zh: '说明',
    hint: '每位家庭成员一行；同一户的成员户编号相同，户主行的行政区划、住址、救助类别代表全户。',
  });
  help.addRow({ zh: '', hint: '可使用中文或英文表头；表头顺序不限；示例行（张示例、张小例）导入前请删除。' });
  help.addRow({
    zh: '',
    hint: '有错误的行不会导入，导入结果会列出行号与原因；其余行照常导入。同一文件重复导入不会产生重复数据。',
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function templateCsv(): string {
  let out = '\uFEFF';
  out += csvRow(COLUMNS.map(headerOf));
  for (const r of exampleRows()) out += csvRow(COLUMNS.map((c) => r[c.key] || null));
  return out;
}
