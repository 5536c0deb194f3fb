/**
 * The binary COPY writer against a real database: every type the bulk loaders write, NULLs, Chinese
 * text, 64-bit ids, dates before 2000 and the empty stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/helpers/test-db.ts';
import { daysFromCivil } from '../core/dates.ts';
import { BinaryCopyWriter } from './copy-binary.ts';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
  await t.query(
    'CREATE TABLE t_bin (a bigint, b text, c char(12), d date, e bytea, f boolean, g smallint, h integer)',
  );
});
afterAll(async () => t?.dispose());

describe('BinaryCopyWriter', () => {
  it('writes rows the database reads back exactly', async () => {
    const w = new BinaryCopyWriter(16);
    const cols = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    w.row(8).int8(9_007_199_254_740_000).text('张三丰, "引号"').ascii('370402001001').date('1931-09-18');
    w.bytea(Uint8Array.from([0, 1, 255]))
      .bool(true)
      .int2(-3)
      .int4(2_000_000_000);
    w.row(8).int8(1).null().null().date('2026-01-01').null().bool(false).null().null();
    expect(w.rows).toBe(2);
    await t.copyFrom('t_bin', cols, w.take(), { format: 'binary' });
    expect(w.take()).toHaveLength(0);
    const rows = await t.query<Record<string, unknown>>(
      'SELECT a, b, c, d::text AS d, e, f, g, h FROM t_bin ORDER BY a DESC',
    );
    expect(rows[0]).toMatchObject({
      a: 9_007_199_254_740_000,
      b: '张三丰, "引号"',
      c: '370402001001',
      d: '1931-09-18',
      f: true,
      g: -3,
      h: 2_000_000_000,
    });
    expect([...(rows[0]!.e as Uint8Array)]).toEqual([0, 1, 255]);
    expect(rows[1]).toMatchObject({ a: 1, b: null, c: null, d: '2026-01-01', e: null, f: false, g: null });
  });
});

describe('BinaryCopyWriter, hex and json fields', () => {
  it('writes bytea from hex (either case) and json from UTF-8 JSON text that the database keeps as written', async () => {
    await t.query('CREATE TABLE t_bin2 (h bytea, j json)');
    const text = JSON.stringify({ 名: '张三', n: 1.5, a: [1, null] });
    const w = new BinaryCopyWriter(8);
    w.row(2).byteaHex('00ff7fAB').json(Buffer.from(text));
    w.row(2).byteaHex('').json(Buffer.from('{}'));
    await t.copyFrom('t_bin2', ['h', 'j'], w.take(), { format: 'binary' });
    const rows = await t.query<{ h: string; j: unknown; text: string }>(
      "SELECT encode(h, 'hex') AS h, j, j::text AS text FROM t_bin2 ORDER BY length(h) DESC",
    );
    expect(rows).toEqual([
      { h: '00ff7fab', j: { 名: '张三', n: 1.5, a: [1, null] }, text },
      { h: '', j: {}, text: '{}' },
    ]);
  });

  it('is refused by the database when the text is not JSON (nothing written)', async () => {
    await t.query('CREATE TABLE t_bin3 (j json)');
    const w = new BinaryCopyWriter(8);
    w.row(1).json(Buffer.from('{"a":'));
    await expect(t.copyFrom('t_bin3', ['j'], w.take(), { format: 'binary' })).rejects.toThrow();
    const [n] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM t_bin3');
    expect(n!.n).toBe(0);
  });
});

describe('daysFromCivil', () => {
  it('agrees with Date for every day of four centuries’ leap rules', () => {
    for (const iso of [
      '1900-02-28',
      '1900-03-01',
      '1970-01-01',
      '2000-02-29',
      '2000-03-01',
      '2024-12-31',
      '2100-03-01',
    ]) {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      expect(daysFromCivil(y, m, d)).toBe(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
    }
    for (let day = -40_000; day < 60_000; day += 7) {
      const dt = new Date(day * 86_400_000);
      expect(daysFromCivil(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate())).toBe(day);
    }
  });
});
