/** Test helpers: feed files built in memory, and reading a parse into arrays. */
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../../../core/id-number.ts';
import type { FeedType } from '../feed-types.ts';
import { type FeedItem, isValidRow, type ParseFeedOptions, parseFeed, type ValidRow } from '../parse.ts';

export const HASH_KEY = Buffer.alloc(32, 0x5a);

/** Valid ID numbers of the 枣庄 市中区 (370402). */
export const ID_A = makeIdNumber('370402', '1985-06-15', 12);
export const ID_B = makeIdNumber('370402', '1962-03-08', 31);
export const ID_C = makeIdNumber('370402', '2008-09-01', 24);
/** ID_A with its check character changed. */
export const ID_BAD_CHECKSUM = `${ID_A.slice(0, 17)}${ID_A[17] === '0' ? '1' : '0'}`;

export async function* chunksOf(data: Buffer | string, size = 7): AsyncGenerator<Uint8Array> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

export async function collect<T extends FeedType>(
  type: T,
  data: Buffer | string,
  options: Partial<ParseFeedOptions> = {},
  chunkSize?: number,
): Promise<{ rows: ValidRow<T>[]; errors: string[]; items: FeedItem<T>[] }> {
  const items: FeedItem<T>[] = [];
  for await (const item of parseFeed(type, chunksOf(data, chunkSize), { hashKey: HASH_KEY, ...options })) {
    items.push(item);
  }
  return {
    items,
    rows: items.filter(isValidRow),
    errors: items.flatMap((i) => ('errors' in i ? i.errors : [])),
  };
}

export type Cell = string | number | Date | null;

/** An XLSX workbook: the first sheet holds `rows`; an extra sheet named 说明 follows when `extraSheet`. */
export async function xlsxBuffer(
  rows: Cell[][],
  options: { extraSheet?: boolean; textColumns?: number[] } = {},
) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const c of options.textColumns ?? []) ws.getColumn(c).numFmt = '@';
  for (const r of rows) ws.addRow(r);
  if (options.extraSheet) wb.addWorksheet('说明').addRow(['身份证号码', '姓名', '死亡日期']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国建华志强淑珍海燕鹏辉晨宇欣怡子涵浩然梓轩一诺';

/** The i-th of many distinct Chinese names (two or three characters, three UTF-8 bytes each). */
export function chineseName(i: number): string {
  const s = SURNAMES[i % SURNAMES.length]!;
  const g1 = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
  const g2 = GIVEN[Math.floor(i / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!;
  return i < SURNAMES.length * GIVEN.length ? `${s}${g1}` : `${s}${g1}${g2}`;
}

/** An XLSX written by exceljs's streaming writer, with shared strings or inline strings. */
export async function streamedXlsxBuffer(rows: Cell[][], useSharedStrings: boolean): Promise<Buffer> {
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings });
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(parts);
}
