import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.ts';

const STRINGS = [
  '',
  'plain ascii',
  '张三',
  'a"b',
  'a\\b',
  '\\"',
  'x,y\nz\r\tw',
  '\b\f\u0000\u0001\u001f\u007f',
  '😀 𠀀',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '\ud83d\ud83d\ude00',
  '\u2028\u2029',
  '\u00e9\u07ff\u0800\uffff\ufeff',
  '"{""json"":1}"',
];

const NUMBERS = [
  0,
  -0,
  1,
  7,
  10,
  99,
  100,
  123_456_789,
  -42,
  1.5,
  0.1,
  85.55,
  1e21,
  1e-7,
  2 ** 53,
  -(2 ** 53) + 1,
];

const bytesOf = (write: (w: ByteWriter) => void): string => {
  const w = new ByteWriter(4);
  write(w);
  return w.take().toString('hex');
};

describe('bytes written directly', () => {
  it('writes strings exactly as JSON.stringify, in UTF-8, optionally with quotes doubled for CSV', () => {
    const all = [...STRINGS];
    for (let c = 0; c < 0x10000; c += 7) all.push(String.fromCharCode(c, c + 1, c + 2));
    for (const s of all) {
      const json = JSON.stringify(s);
      expect(bytesOf((w) => w.string(s))).toBe(Buffer.from(json, 'utf8').toString('hex'));
      expect(bytesOf((w) => w.string(s, true))).toBe(Buffer.from(json.replaceAll('"', '""')).toString('hex'));
    }
  });

  it('writes numbers, booleans and null as JSON.stringify does', () => {
    const values: unknown[] = [...NUMBERS, Number.NaN, Number.POSITIVE_INFINITY, true, false, null];
    for (const v of values) {
      expect(bytesOf((w) => w.value(v))).toBe(Buffer.from(JSON.stringify(v)).toString('hex'));
    }
    expect(bytesOf((w) => w.value(undefined))).toBe(Buffer.from('null').toString('hex'));
    const date = new Date(Date.UTC(2025, 0, 8));
    expect(bytesOf((w) => w.value(date, true))).toBe(
      Buffer.from(JSON.stringify(date).replaceAll('"', '""')).toString('hex'),
    );
  });

  it('writes text as UTF-8 and bytes as hex', () => {
    for (const s of STRINGS) expect(bytesOf((w) => w.text(s))).toBe(Buffer.from(s, 'utf8').toString('hex'));
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(
      Buffer.from(
        bytesOf((w) => w.hex(bytes)),
        'hex',
      ).toString(),
    ).toBe(Buffer.from(bytes).toString('hex'));
    expect(
      Buffer.from(
        bytesOf((w) => w.asciiRange('abcdef', 1, 4).byte(0x21)),
        'hex',
      ).toString(),
    ).toBe('bcd!');
  });

  it('grows as needed and starts over after take', () => {
    const w = new ByteWriter(2);
    const long = '张'.repeat(10_000);
    w.ascii('[').string(long).ascii(',').number(12).ascii(']');
    expect(w.view().toString('utf8')).toBe(JSON.stringify([long, 12]));
    const taken = w.take();
    expect(taken.toString('utf8')).toBe(JSON.stringify([long, 12]));
    expect(taken.buffer.byteLength).toBe(taken.length);
    expect(w.length).toBe(0);
    expect(w.ascii('x').view().toString()).toBe('x');
    expect(w.reset().length).toBe(0);
  });
});
