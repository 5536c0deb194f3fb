/**
 * Streaming readers for import files: CSV (UTF-8, or GBK as Excel in Chinese saves it; detected) with
 * csv-parse, and XLSX with exceljs' streaming WorkbookReader (first sheet). Either way rows arrive one
 * at a time with their row number in the file; a million-row file never sits in memory.
 */
import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.ts';
import { COLUMNS, type ColumnKey, columnOf } from './template.ts';

export type RawRow = {
  /** Row number as the user sees it in the file (header = 1 when it is the first line). */
  rowNo: number;
  cells: Partial<Record<ColumnKey, string>>;
  /** Problems found while reading (e.g. an ID number stored as a number). */
  problems: string[];
};

export type FileFormat = 'csv' | 'xlsx';

export function formatOf(fileName: string): FileFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  throw new AppError('VALIDATION_FAILED', '仅支持 .csv 与 .xlsx 文件（.xls 请先另存为 .xlsx）');
}

/** Maps the header row to column keys; refuses a file without the required columns. */
function mapHeader(headers: readonly string[]): Array<ColumnKey | undefined> {
  const keys = headers.map((h) => (h ? columnOf(String(h)) : undefined));
  const missing = COLUMNS.filter((c) => c.required && !keys.includes(c.key)).map((c) => c.zh);
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `第一行应为表头，缺少必填列：${missing.join('、')}（可使用中文或英文表头，见导入模板）`,
    );
  }
  return keys;
}

/** Decodes UTF-8, or GBK when the start of the file is not valid UTF-8. */
class DecodeText extends Transform {
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  constructor() {
    super({ readableObjectMode: false, decodeStrings: true });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (!this.decoder) {
      let utf8 = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
      this.decoder = new TextDecoder(utf8 ? 'utf-8' : 'gbk');
    }
    cb(null, this.decoder.decode(chunk, { stream: true }));
  }
  override _flush(cb: TransformCallback): void {
    cb(null, this.decoder?.decode() ?? '');
  }
}

function counted(path: string, onBytes?: (n: number) => void) {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  let n = 0;
  if (onBytes) {
    source.on('data', (c: Buffer | string) => {
      n += c.length;
      onBytes(n);
    });
  }
  return source;
}

export async function* readCsv(path: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
  const parser = counted(path, onBytes)
    .pipe(new DecodeText())
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
  let keys: Array<ColumnKey | undefined> | null = null;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!keys) {
      keys = mapHeader(rec.record);
      continue;
    }
    const cells: RawRow['cells'] = {};
    rec.record.forEach((v, i) => {
      const k = keys![i];
      if (k && v !== '') cells[k] = v;
    });
    yield { rowNo: rec.info.lines, cells, problems: [] };
  }
  if (!keys) throw new AppError('VALIDATION_FAILED', '文件为空');
}

type CellValue = ExcelJS.CellValue;

function cellText(v: CellValue, key: ColumnKey | undefined, problems: string[]): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') {
    if (key === 'id_number') {
      problems.push('身份证号须以文本格式填写（当前为数字，末几位可能已丢失）');
      return '';
    }
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v) return cellText(v.result as CellValue, key, problems);
    if ('error' in v) return '';
  }
  return String(v).trim();
}

export async function* readXlsx(path: string, onBytes?: (n: number) => void): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted(path, onBytes), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let keys: Array<ColumnKey | undefined> | null = null;
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as CellValue[];
      if (!keys) {
        const headers = values.map((v) => cellText(v, undefined, []));
        if (headers.every((h) => !h)) continue;
        keys = mapHeader(headers);
        continue;
      }
      const problems: string[] = [];
      const cells: RawRow['cells'] = {};
      let any = false;
      values.forEach((v, i) => {
        const k = keys![i];
        if (!k) return;
        const text = cellText(v, k, problems);
        if (text !== '') {
          cells[k] = text;
          any = true;
        }
      });
      if (any || problems.length) yield { rowNo: row.number, cells, problems };
    }
    break; // first sheet only
  }
  if (!keys) throw new AppError('VALIDATION_FAILED', '文件为空或第一张工作表没有表头');
}

export function readRows(
  path: string,
  format: FileFormat,
  onBytes?: (n: number) => void,
): AsyncGenerator<RawRow> {
  return format === 'csv' ? readCsv(path, onBytes) : readXlsx(path, onBytes);
}
