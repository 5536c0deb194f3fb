/**
 * Bytes written straight into a growing buffer, without building strings: ASCII, UTF-8 text, hex,
 * integers, and JSON values exactly as `JSON.stringify` writes them (in UTF-8), optionally with every
 * `"` doubled for JSON inside a quoted CSV field. Row hashes and staged rows' facts are written this
 * way, a million rows at a time: a string per row is what the garbage collector spent most of a feed
 * import on.
 */
import { grownBuffer } from '../../../core/grow-buffer.ts';

const HEX_CODES = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** The two hex digits of each byte value. */
const HEX_PAIRS = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_PAIRS[2 * i] = HEX_CODES[i >> 4]!;
  HEX_PAIRS[2 * i + 1] = HEX_CODES[i & 15]!;
}

/** JSON's short escapes of control characters; the others are written as \u00XX. */
const SHORT_ESCAPE: Record<number, number> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 };

export class ByteWriter {
  private buf: Buffer;
  private pos = 0;
  /** Views of the buffer's first n bytes, by n (a hash takes a view: kept, not made for every row). */
  private views: Buffer[] = [];

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.pos;
  }

  /** Starts over. */
  reset(): this {
    this.pos = 0;
    return this;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.buf = grownBuffer(this.buf, this.pos, n);
    this.views = [];
  }

  /** The bytes written, as a view valid until the next write. */
  view(): Buffer {
    const n = this.pos;
    let v = this.views[n];
    if (v === undefined) {
      v = this.buf.subarray(0, n);
      if (n < 4096) this.views[n] = v;
    }
    return v;
  }

  /** The bytes written, in a buffer that owns its memory (transferable); starts over. */
  take(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  byte(b: number): this {
    this.room(1);
    this.buf[this.pos++] = b;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.room(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  /** ASCII text known to need no escaping (punctuation, keys, digits, hex). */
  ascii(s: string): this {
    return this.asciiRange(s, 0, s.length);
  }

  /** `s.slice(from, to)`, known to be ASCII. */
  asciiRange(s: string, from: number, to: number): this {
    this.room(to - from);
    const b = this.buf;
    let p = this.pos;
    for (let i = from; i < to; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
    return this;
  }

  /** Text as UTF-8, as it is (a lone surrogate becomes U+FFFD, as `Buffer.from` makes it). */
  text(s: string): this {
    const n = s.length;
    this.room(3 * n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        b[p++] = c;
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        // Surrogates (rare here): the rest through node's encoder.
        this.pos = p + b.write(s.slice(i), p, 'utf8');
        return this;
      }
    }
    this.pos = p;
    return this;
  }

  /** Bytes in lower-case hex. */
  hex(bytes: Uint8Array): this {
    const n = bytes.length;
    this.room(2 * n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const x = bytes[i]! << 1;
      b[p++] = HEX_PAIRS[x]!;
      b[p++] = HEX_PAIRS[x + 1]!;
    }
    this.pos = p;
    return this;
  }

  /** A number as JSON writes it (`null` when not finite). */
  number(v: number): this {
    if (!Number.isFinite(v)) return this.ascii('null');
    if (!Number.isSafeInteger(v)) return this.ascii(String(v));
    this.room(17);
    const b = this.buf;
    let x = v;
    if (x < 0) {
      b[this.pos++] = 0x2d;
      x = -x;
    }
    let digits = 1;
    for (let y = x; y >= 10; y = Math.floor(y / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = Math.floor(x / 10);
      b[--p] = 0x30 + (x - q * 10);
      x = q;
    } while (x > 0);
    return this;
  }

  /** A JSON value: string, number, boolean or null (anything else through JSON.stringify). */
  value(v: unknown, csv = false): this {
    if (typeof v === 'string') return this.string(v, csv);
    if (typeof v === 'number') return this.number(v);
    if (v === null || v === undefined) return this.ascii('null');
    if (typeof v === 'boolean') return this.ascii(v ? 'true' : 'false');
    const json = JSON.stringify(v);
    return this.text(csv ? json.replaceAll('"', '""') : json);
  }

  /** A JSON string literal, exactly as JSON.stringify writes it; with `csv`, every `"` doubled. */
  string(s: string, csv = false): this {
    const n = s.length;
    // At most 6 bytes a code unit (\u00XX), 7 with a quote doubled, and the quotes.
    this.room(7 * n + 4);
    const b = this.buf;
    let p = this.pos;
    b[p++] = 0x22;
    if (csv) b[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
          b[p++] = c;
        } else if (c === 0x22) {
          b[p++] = 0x5c;
          b[p++] = 0x22;
          if (csv) b[p++] = 0x22;
        } else if (c === 0x5c) {
          b[p++] = 0x5c;
          b[p++] = 0x5c;
        } else {
          const short = SHORT_ESCAPE[c];
          b[p++] = 0x5c;
          if (short !== undefined) b[p++] = short;
          else p = unicodeEscape(b, p, c);
        }
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        const low = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          b[p++] = 0xf0 | (cp >> 18);
          b[p++] = 0x80 | ((cp >> 12) & 0x3f);
          b[p++] = 0x80 | ((cp >> 6) & 0x3f);
          b[p++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // A lone surrogate: JSON.stringify escapes it.
          b[p++] = 0x5c;
          p = unicodeEscape(b, p, c);
        }
      }
    }
    b[p++] = 0x22;
    if (csv) b[p++] = 0x22;
    this.pos = p;
    return this;
  }
}

/** `uXXXX` (lower-case hex, as JSON.stringify writes it) after the backslash already written. */
function unicodeEscape(b: Buffer, at: number, c: number): number {
  let p = at;
  b[p++] = 0x75;
  b[p++] = HEX_CODES[(c >> 12) & 15]!;
  b[p++] = HEX_CODES[(c >> 8) & 15]!;
  b[p++] = HEX_CODES[(c >> 4) & 15]!;
  b[p++] = HEX_CODES[c & 15]!;
  return p;
}
