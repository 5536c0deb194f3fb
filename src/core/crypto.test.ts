import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blindIndex,
  blindIndexHex,
  blindIndexReference,
  decryptId,
  encryptId,
  encryptIds,
  generateKeys,
  KEY_FILE,
  kidHexOf,
  loadKeys,
  makeKeys,
} from './crypto.ts';
import { makeIdNumber } from './id-number.ts';

const keys = makeKeys('0123456789abcdeffedcba9876543210', 'aa'.repeat(32));

describe('ID number encryption', () => {
  it('round-trips one value and uses a fresh IV each time', () => {
    const id = makeIdNumber('370402', '1950-01-01', 123);
    const a = encryptId(keys, id);
    const b = encryptId(keys, id);
    expect(a.equals(b)).toBe(false);
    expect(decryptId(keys, a)).toBe(id);
    expect(decryptId(keys, b)).toBe(id);
    expect(a.toString('latin1')).not.toContain(id.slice(6, 14));
  });

  it('batch encryption (ECB keystream) is readable by node sm4-ctr, for any length', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[0-9X]{1,40}$/), { minLength: 1, maxLength: 30 }), (ids) => {
        const out = encryptIds(keys, ids);
        expect(out.map((b) => decryptId(keys, b))).toEqual(ids);
      }),
    );
  });

  it('carries the counter across bytes (IV ending in 0xff)', () => {
    // Many random IVs: with 4,000 values some end in 0xff and exercise the carry.
    const ids = Array.from({ length: 4000 }, (_, i) => makeIdNumber('500230', '1980-02-03', i % 999));
    const out = encryptIds(keys, ids);
    expect(out.some((b) => b[4 + 15] === 0xff)).toBe(true);
    expect(out.map((b) => decryptId(keys, b))).toEqual(ids);
  });

  it('reads values written under a previous key and names the key', () => {
    const old = generateKeys();
    const id = makeIdNumber('220122', '2001-12-31', 2);
    const blob = encryptId(old, id);
    const rotated = { ...generateKeys(), previousId: [old.id] };
    expect(decryptId(rotated, blob)).toBe(id);
    expect(kidHexOf(blob)).toBe(old.id.kid.toString('hex'));
    expect(() => decryptId(generateKeys(), blob)).toThrow(/未配置/);
  });
});

describe('blind index', () => {
  it('is deterministic, normalises x, and depends on the key', () => {
    const id = makeIdNumber('370402', '1950-01-01', 7);
    expect(blindIndex(keys, id).length).toBe(32);
    expect(blindIndexHex(keys, ` ${id.toLowerCase()} `)).toBe(blindIndexHex(keys, id));
    expect(blindIndexHex(generateKeys(), id)).not.toBe(blindIndexHex(keys, id));
  });
});

describe('key loading', () => {
  it('creates keys.json with mode 0600 on first start and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doudi-keys-'));
    try {
      const a = await loadKeys({ DOUDI_DATA_DIR: dir });
      const st = await stat(join(dir, KEY_FILE));
      expect(st.mode & 0o777).toBe(0o600);
      const b = await loadKeys({ DOUDI_DATA_DIR: dir });
      expect(a.source).toBe('file');
      expect(b.id.key.equals(a.id.key)).toBe(true);
      expect(b.index.equals(a.index)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes keys from configuration, and requires them with PostgreSQL', async () => {
    const k = await loadKeys({
      DOUDI_DATA_DIR: '/nonexistent',
      DOUDI_ID_KEY: '00'.repeat(16),
      DOUDI_INDEX_KEY: '11'.repeat(32),
    });
    expect(k.source).toBe('env');
    await expect(loadKeys({ DOUDI_DATA_DIR: '/x', DATABASE_URL: 'postgres://x/y' })).rejects.toThrow(
      /DOUDI_ID_KEY/,
    );
    await expect(loadKeys({ DOUDI_DATA_DIR: '/x', DOUDI_ID_KEY: '00'.repeat(16) })).rejects.toThrow(
      /同时设置/,
    );
    await expect(
      loadKeys({ DOUDI_DATA_DIR: '/x', DOUDI_ID_KEY: '00'.repeat(32), DOUDI_INDEX_KEY: '11'.repeat(32) }),
    ).rejects.toThrow(/32位/);
  });
});

describe('HMAC-SM3 fast path', () => {
  it('equals node:crypto HMAC-SM3 for messages of every short length and for long ones', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 80, unit: 'binary' }),
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        (msg, key) => {
          const k = { ...keys, index: Buffer.from(key) };
          const ascii = msg.replace(/[^\x20-\x7e]/g, 'a');
          expect(blindIndexHex(k, ascii)).toBe(blindIndexReference(k, ascii).toString('hex'));
          expect(blindIndex(k, msg).equals(blindIndexReference(k, msg))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
