/**
 * Test helpers: a GB18030/GBK encoder built by inverting the platform's decoder (no dependency), and
 * UTF-16 with a BOM, to write files as Chinese Excel does.
 */
import { TextDecoder } from 'node:util';

let table: Map<string, Buffer> | null = null;

function gbkTable(): Map<string, Buffer> {
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      const ch = decoder.decode(bytes);
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, bytes);
    }
  }
  return table;
}

/** Text as GBK bytes (two-byte characters only beyond ASCII; enough for Chinese text). */
export function encodeGbk(text: string): Buffer {
  const t = gbkTable();
  const parts: Buffer[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) parts.push(Buffer.from([code]));
    else {
      const bytes = t.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      parts.push(bytes);
    }
  }
  return Buffer.concat(parts);
}

export function encodeUtf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}
