import { describe, expect, it } from 'vitest';
import { blindIndexHex, decryptId, generateKeys, type RegistryKeys } from '../../core/crypto.ts';
import { makeIdNumber, maskIdNumber } from '../../core/id-number.ts';
import type { FeedType } from './feeds/feed-types.ts';
import type { FeedItem, ValidRow } from './feeds/parse.ts';
import { rowHashKey, stageChunks, stageCsv } from './stage.ts';

const keys = generateKeys();
const ID_A = makeIdNumber('370402', '1985-06-15', 12);
const ID_B = makeIdNumber('130102', '1962-03-08', 31);

/** The staged lines as they were written before they were written as bytes (template strings). */
function reference(k: RegistryKeys, items: ReadonlyArray<ValidRow<FeedType>>, ciphers: string[]): string {
  const PLAIN = /^[^",\r\n]+$/;
  const field = (s: string): string => (PLAIN.test(s) && s.trim() === s ? s : `"${s.replaceAll('"', '""')}"`);
  return items
    .map((v, i) => {
      const row = v.row as Record<string, unknown>;
      const id = row.id_number as string;
      const facts: Record<string, unknown> = {};
      let head = '';
      for (const key in row) {
        if (key === 'id_number' || key === 'name') continue;
        const value = row[key];
        if (key === 'household_head_id' && typeof value === 'string') {
          head = `\\x${blindIndexHex(k, value)}`;
          facts[key] = null;
        } else facts[key] = value;
      }
      return (
        `${v.rowNumber},\\x${v.hash},\\x${blindIndexHex(k, id)},${ciphers[i]},${maskIdNumber(id)},${head},` +
        `${field(row.name as string)},${id.slice(0, 6)}000000,"${JSON.stringify(facts).replaceAll('"', '""')}"\n`
      );
    })
    .join('');
}

/** The ciphertext column of each line (random IVs: checked by decrypting). */
function ciphersOf(csv: string, items: ReadonlyArray<ValidRow<FeedType>>): string[] {
  const out = [...csv.matchAll(/^\d+,\\x[0-9a-f]{64},\\x[0-9a-f]{64},(\\x[0-9a-f]+),/gm)].map((m) => m[1]!);
  expect(out.length).toBe(items.length);
  out.forEach((c, i) => {
    expect(decryptId(keys, Buffer.from(c.slice(2), 'hex'))).toBe(
      (items[i]!.row as { id_number: string }).id_number,
    );
  });
  return out;
}

const TEXTS = [
  '急性 白血病',
  'say "hi"',
  'back\\slash',
  'a,b',
  'two\nlines',
  'cr\rhere',
  '😀 𠀀',
  '\u0001\u001f',
  '\u2028',
  '""',
  '',
  '   ',
];
const NAMES = ['张三', '欧阳·娜娜', 'Li "Lei"', 'a,b', ' 前后空格 ', '换\n行', '¨x'];

function items(): ValidRow<FeedType>[] {
  const out: ValidRow<FeedType>[] = [];
  let n = 2;
  for (const text of TEXTS) {
    for (const name of NAMES) {
      const row = {
        id_number: n % 2 ? ID_A : ID_B,
        name,
        monitor_type: 'unstable',
        household_head_id: n % 3 ? ID_B : null,
        note: text,
        amount: n * 1001,
        area: n / 8,
        missing: undefined,
      };
      out.push({ rowNumber: n++, row: row as never, hash: 'ab'.repeat(32) });
    }
  }
  return out;
}

describe('staged CSV', () => {
  it('writes the lines the template strings did: facts as quoted JSON, names quoted when needed', () => {
    const rows = items();
    const csv = stageCsv(keys, rows);
    expect(csv).toBe(reference(keys, rows, ciphersOf(csv, rows)));
    expect(stageCsv(keys, [])).toBe('');
  });

  it('stages chunks as bytes: a chunk closes with the batch that fills it', async () => {
    const rows = items();
    const batches: FeedItem<FeedType>[][] = [];
    for (let i = 0; i < rows.length; i += 10) {
      batches.push([...rows.slice(i, i + 10), { rowNumber: 1000 + i, errors: ['第1000行：坏', '又坏'] }]);
    }
    let bytes = 0;
    const chunks = [];
    for await (const c of stageChunks(keys, batches, () => (bytes += 1), 25)) chunks.push(c);
    expect(chunks.map((c) => [c.rows, c.read, c.rejected, c.errors.length, c.bytesRead])).toEqual([
      [30, 33, 3, 3, 1],
      [30, 33, 3, 3, 2],
      [24, 27, 3, 3, 3],
    ]);
    expect(chunks[0]!.errors[0]).toEqual({ rowNumber: 1000, message: '第1000行：坏；又坏' });
    let at = 0;
    for (const c of chunks) {
      expect(c.csv).toBeInstanceOf(Uint8Array);
      const csv = Buffer.from(c.csv).toString('utf8');
      const part = rows.slice(at, at + c.rows);
      expect(csv).toBe(reference(keys, part, ciphersOf(csv, part)));
      at += c.rows;
    }
    expect(rowHashKey(keys)).toBe(rowHashKey(keys));
  });
});
