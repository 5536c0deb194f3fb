import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FeedType } from './feed-types.ts';
import { canonicalRow, deriveRowHashKey, hashValues } from './row-hash.ts';

const KEY = deriveRowHashKey(Buffer.alloc(32, 7));

/** The hash as it was first defined: SHA3-256 of the key in hex, a line break and the canonical text. */
const defined = (type: FeedType, values: readonly unknown[], key: Uint8Array): string =>
  hash('sha3-256', `${Buffer.from(key).toString('hex')}\n${canonicalRow(type, values)}`, 'hex');

describe('row hash', () => {
  it('hashes the bytes of the canonical text, whatever the values hold', () => {
    const rows: unknown[][] = [
      ['37040219850615012X', '张三', '2025-01-08', 3_865_000, 1_248_050, 'JS2025021100387'],
      ['37040219850615012X', '欧阳·娜娜', '2025-01-08', null, 0, null],
      ['x', 'say "hi" \\ back', 'a,b\nc\r\t', 85.55, -0, '😀𠀀\ud800\u2028\u0001'],
      [true, false, 1e21, Number.NaN, '', '\u00e9\u0800\uffff'],
    ];
    for (const type of ['medical_selfpay', 'death'] as const) {
      for (const values of rows) {
        expect(hashValues(type, values, KEY)).toBe(defined(type, values, KEY));
      }
    }
    const other = deriveRowHashKey(Buffer.alloc(32, 8));
    expect(hashValues('death', rows[0]!, other)).toBe(defined('death', rows[0]!, other));
    expect(hashValues('death', rows[0]!, other)).not.toBe(hashValues('death', rows[0]!, KEY));
  });

  it('refuses a short key', () => {
    expect(() => hashValues('death', [], Buffer.alloc(8))).toThrow(/at least 16 bytes/);
  });
});
