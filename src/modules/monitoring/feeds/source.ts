/**
 * Bytes in: a file path, a Node stream or any async iterable of chunks. The format is told from the
 * first bytes, and CSV text is brought to UTF-8 whatever encoding Excel saved it in.
 */
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { FeedFileError } from './header.ts';

export type FeedInput = string | AsyncIterable<Uint8Array | string>;

export type FileFormat = 'csv' | 'xlsx';
export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

const READ_CHUNK = 256 * 1024;

/** The input's chunks as bytes, counting them for a progress bar. */
export async function* bytesOf(
  input: FeedInput,
  onBytes?: (total: number) => void,
): AsyncGenerator<Uint8Array> {
  const source = typeof input === 'string' ? createReadStream(input, { highWaterMark: READ_CHUNK }) : input;
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    onBytes?.(total);
    yield bytes;
  }
}

/** The first chunk (null for an empty input) and an iterable of all chunks, the first included. */
export async function peekFirst(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ first: Uint8Array | null; all: AsyncGenerator<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const head = await it.next();
  const first = head.done ? null : head.value;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      if (first) yield first;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    } finally {
      await it.return?.(undefined);
    }
  }
  return { first, all: all() };
}

const startsWith = (b: Uint8Array, sig: readonly number[]): boolean =>
  b.length >= sig.length && sig.every((x, i) => b[i] === x);

/** csv or xlsx from the first bytes; throws for the old binary .xls and other non-text files. */
export function detectFormat(first: Uint8Array | null): FileFormat {
  if (!first || first.length === 0) throw new FeedFileError('empty', '文件为空，没有表头和数据');
  if (startsWith(first, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(first, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new FeedFileError(
      'format',
      '不支持 Excel 97-2003（.xls）格式，请在 Excel 中“另存为” .xlsx 或 CSV（UTF-8）后再导入',
    );
  }
  if (startsWith(first, [0x25, 0x50, 0x44, 0x46])) {
    throw new FeedFileError('format', '这是 PDF 文件，请导入 CSV 或 XLSX 表格');
  }
  return 'csv';
}

/** Enough non-ASCII bytes, or enough bytes, to tell UTF-8 from GB18030 with confidence. */
const DECIDE_NON_ASCII = 4096;
const DECIDE_BYTES = 1024 * 1024;

function countNonAscii(b: Uint8Array, limit: number): number {
  let n = 0;
  for (let i = 0; i < b.length && n < limit; i++) if (b[i]! >= 0x80) n++;
  return n;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

function mixedEncodingError(encoding: TextEncodingName): FeedFileError {
  return new FeedFileError(
    'encoding',
    encoding === 'utf-8'
      ? '文件中有不是 UTF-8 编码的内容（可能混用了 GBK 编码），请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后重新导入'
      : `文件中有无法按 ${encoding.toUpperCase()} 编码识别的内容，请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后重新导入`,
  );
}

/**
 * CSV bytes as text, without BOM. UTF-8 (with or without BOM) is checked as it is decoded; UTF-16
 * with a BOM and GB18030/GBK (what Chinese Excel writes for “CSV（逗号分隔）”) are decoded.
 * The encoding is decided on the BOM, else on the first 4,096 non-ASCII bytes (or 1 MiB, or the
 * whole file when smaller): valid UTF-8 is UTF-8, anything else is GB18030.
 */
export async function* toText(
  chunks: AsyncIterable<Uint8Array>,
  onEncoding?: (encoding: TextEncodingName) => void,
): AsyncGenerator<string> {
  let encoding: TextEncodingName | null = null;
  let decoder: TextDecoder | null = null;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let nonAscii = 0;
  let bomChecked = false;

  const decode = (bytes: Uint8Array, final: boolean): string => {
    try {
      return decoder!.decode(bytes, { stream: !final });
    } catch {
      throw mixedEncodingError(encoding!);
    }
  };

  const choose = (name: TextEncodingName): void => {
    encoding = name;
    // A UTF-8 BOM is cut off below, once; a second one stays text (as it always has).
    decoder = new TextDecoder(name, { fatal: true, ignoreBOM: name === 'utf-8' });
    onEncoding?.(name);
  };

  const decide = (): string => {
    const all = concat(pending);
    pending = [];
    let body = all;
    if (startsWith(all, [0xef, 0xbb, 0xbf])) {
      choose('utf-8');
      body = all.subarray(3);
    } else if (startsWith(all, [0xff, 0xfe])) {
      choose('utf-16le');
    } else if (startsWith(all, [0xfe, 0xff])) {
      choose('utf-16be');
    } else {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(all, { stream: true });
        choose('utf-8');
      } catch {
        choose('gb18030');
      }
    }
    return decode(body, false);
  };

  for await (const chunk of chunks) {
    if (decoder) {
      const text = decode(chunk, false);
      if (text.length > 0) yield text;
      continue;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    nonAscii += countNonAscii(chunk, DECIDE_NON_ASCII);
    let bom = false;
    if (!bomChecked && pendingBytes >= 3) {
      bomChecked = true;
      bom = hasBom(pending);
    }
    if (bom || nonAscii >= DECIDE_NON_ASCII || pendingBytes >= DECIDE_BYTES) {
      const text = decide();
      if (text.length > 0) yield text;
    }
  }
  if (!decoder) {
    if (pendingBytes === 0) return;
    const text = decide();
    if (text.length > 0) yield text;
  }
  const tail = decode(new Uint8Array(0), true);
  if (tail.length > 0) yield tail;
}

function hasBom(pending: readonly Uint8Array[]): boolean {
  const head = concat(pending);
  return (
    startsWith(head, [0xef, 0xbb, 0xbf]) || startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])
  );
}
