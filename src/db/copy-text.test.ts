/**
 * Reading COPY text output on a real database (both drivers): numbers, booleans, nulls, dates, JSON,
 * and text with every character COPY escapes (tabs, line breaks, backslashes) next to Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/helpers/test-db.ts';
import { CopyTextReader, sqlDate, sqlInt, sqlIntArray } from './copy-text.ts';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
  await t.query('CREATE TABLE t_txt (a bigint, b text, c boolean, d date, e jsonb, f smallint)');
  await t.query(
    `INSERT INTO t_txt VALUES
       (9007199254740000, E'张三\\t丰\\n第二行\\\\反斜杠\\r', true, '1931-09-18', '{"k": "a\\tb", "n": 1.5}', -3),
       (2, NULL, false, NULL, '{}', NULL),
       (-7, '', NULL, '2026-01-01', '[1, "二"]', 0)`,
  );
});
afterAll(async () => t?.dispose());

describe('CopyTextReader', () => {
  it('reads back exactly what the database holds, row by row, field by field', async () => {
    const r = new CopyTextReader(await t.copyTo('SELECT a, b, c, d, e, f FROM t_txt ORDER BY a DESC'));
    const rows: unknown[][] = [];
    while (r.more()) {
      rows.push([
        r.int(),
        r.textOrNull(),
        r.isNull() ? null : r.bool(),
        r.textOrNull(),
        JSON.parse(r.text()),
        r.intOrNull(),
      ]);
    }
    expect(rows).toEqual([
      [9007199254740000, '张三\t丰\n第二行\\反斜杠\r', true, '1931-09-18', { k: 'a\tb', n: 1.5 }, -3],
      [2, null, false, null, {}, null],
      [-7, '', null, '2026-01-01', [1, '二'], 0],
    ]);
  });

  it('reads nothing from an empty result', async () => {
    const r = new CopyTextReader(await t.copyTo('SELECT a FROM t_txt WHERE false'));
    expect(r.more()).toBe(false);
  });

  it('puts only integers and dates into a statement', async () => {
    expect(sqlInt(42)).toBe('42');
    expect(sqlIntArray([1, 2])).toBe("'{1,2}'::bigint[]");
    expect(sqlDate('2026-12-06')).toBe("'2026-12-06'::date");
    expect(() => sqlInt(1.5)).toThrow();
    expect(() => sqlIntArray([1, Number.NaN])).toThrow();
    expect(() => sqlDate("2026-12-06'; DROP TABLE t_txt; --")).toThrow();
    const r = new CopyTextReader(
      await t.copyTo(`SELECT a FROM t_txt WHERE a = ANY(${sqlIntArray([2, -7])}) ORDER BY a`),
    );
    expect([r.int(), r.int(), r.more()]).toEqual([-7, 2, false]);
  });
});
