/**
 * Downloadable import templates, shared by the registry import and the department feeds: an XLSX
 * workbook (the template sheet first, with bold headers and the example rows, then a sheet of
 * instructions) or a CSV with a BOM so that Excel opens it as UTF-8.
 */
import ExcelJS from 'exceljs';
import { csvRow } from './csv.ts';

export const TEMPLATE_FORMATS = ['xlsx', 'csv'] as const;
export type TemplateFormat = (typeof TEMPLATE_FORMATS)[number];

export interface TemplateColumn {
  readonly key: string;
  /** The header cell as written in the file. */
  readonly header: string;
  /** Width in characters (XLSX); by default from the header's length. */
  readonly width?: number;
  /** Kept as text in XLSX (ID numbers, codes): a number would lose the last digits. */
  readonly text?: boolean;
}

export type TemplateRow = Readonly<Record<string, string | undefined>>;

export interface TemplateSpec {
  /** Name of the template sheet: the first sheet, the one an import reads. */
  readonly sheet: string;
  readonly columns: readonly TemplateColumn[];
  /** Example rows by column key; a missing or empty value is an empty cell. */
  readonly examples: readonly TemplateRow[];
  /** The instructions sheet (XLSX only): its columns and rows; an empty row is a blank line. */
  readonly help?: {
    readonly sheet: string;
    readonly columns: readonly { key: string; header: string; width: number }[];
    readonly rows: readonly TemplateRow[];
  };
}

export async function templateXlsx(spec: TemplateSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'doudi';
  const ws = wb.addWorksheet(spec.sheet);
  ws.columns = spec.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? Math.max(12, c.header.length * 3),
  }));
  for (const c of spec.columns) if (c.text) ws.getColumn(c.key).numFmt = '@';
  ws.getRow(1).font = { bold: true };
  for (const r of spec.examples) ws.addRow(r);

  if (spec.help) {
    const help = wb.addWorksheet(spec.help.sheet);
    help.columns = spec.help.columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    help.getRow(1).font = { bold: true };
    for (const r of spec.help.rows) help.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function templateCsv(spec: TemplateSpec): string {
  let out = '\uFEFF';
  out += csvRow(spec.columns.map((c) => c.header));
  for (const r of spec.examples) out += csvRow(spec.columns.map((c) => r[c.key] || null));
  return out;
}

export interface TemplateFile {
  readonly contentType: string;
  readonly contentDisposition: string;
  readonly body: Buffer | string;
}

const CONTENT_TYPES: Record<TemplateFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * The template as a download: `name` is the Chinese file name without extension (RFC 5987
 * `filename*`), `asciiName` the fallback for clients that do not read it.
 */
export async function templateFile(
  spec: TemplateSpec,
  format: TemplateFormat,
  name: string,
  asciiName = 'template',
): Promise<TemplateFile> {
  return {
    contentType: CONTENT_TYPES[format],
    contentDisposition: `attachment; filename="${asciiName}.${format}"; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`,
    body: format === 'csv' ? templateCsv(spec) : await templateXlsx(spec),
  };
}
