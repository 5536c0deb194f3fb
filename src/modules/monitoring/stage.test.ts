import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { blindIndexHex, decryptId, generateKeys, type RegistryKeys } from '../../core/crypto.ts';
import { makeIdNumber, maskIdNumber } from '../../core/id-number.ts';
import { readStaged } from './__fixtures__/staged.ts';
import type { FeedType } from './feeds/feed-types.ts';
import type { FeedItem, ValidRow } from './feeds/parse.ts';
import { createStage, stageChunk, stageTableOf } from './load-repo.ts';
import { rowHashKey, stageChunks, stageRows } from './stage.ts';

const keys = generateKeys();
const ID_A = makeIdNumber('370402', '1985-06-15', 12);
const ID_B = makeIdNumber('130102', '1962-03-08', 31);

/** What each staged row must hold, computed the plain way. */
function expected(k: RegistryKeys, items: ReadonlyArray<ValidRow<FeedType>>) {
  return items.map((v) => {
    const row = v.row as Record<string, unknown>;
    const id = row.id_number as string;
    const facts: Record<string, unknown> = {};
    let head: string | null = null;
    for (const key in row) {
      if (key === 'id_number' || key === 'name') continue;
      const value = row[key];
      if (key === 'household_head_id' && typeof value === 'string') {
        head = blindIndexHex(k, value);
        facts[key] = null;
      } else facts[key] = value;
    }
    return {
      rowNumber: v.rowNumber,
      rowHash: v.hash,
      idIndex: blindIndexHex(k, id),
      idMask: maskIdNumber(id),
      headIndex: head,
      name: row.name as string,
      regionHint: `${id.slice(0, 6)}000000`,
      facts: JSON.parse(JSON.stringify(facts)),
    };
  });
}

/** The staged rows without their ciphertext, each checked to decrypt to its row's ID number. */
function decrypted(bytes: Uint8Array, items: ReadonlyArray<ValidRow<FeedType>>) {
  const rows = readStaged(bytes);
  expect(rows).toHaveLength(items.length);
  return rows.map(({ cipher, ...rest }, i) => {
    expect(decryptId(keys, cipher)).toBe((items[i]!.row as { id_number: string }).id_number);
    return rest;
  });
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

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.dispose());

describe('staged rows', () => {
  it('hold the encrypted and blind-indexed ID, its mask and county, the name and the facts without the ID', () => {
    const rows = items();
    expect(decrypted(stageRows(keys, rows), rows)).toEqual(expected(keys, rows));
    expect(stageRows(keys, [])).toHaveLength(0);
  });

  it('are a COPY stream the database takes as it is, every character intact', async () => {
    const rows = items();
    await createStage(db, 1);
    await stageChunk(db, 1, stageRows(keys, rows));
    const back = await db.query<Record<string, unknown>>(
      `SELECT row_number AS "rowNumber", encode(row_hash, 'hex') AS "rowHash", encode(id_index, 'hex') AS "idIndex",
         id_mask AS "idMask", encode(head_index, 'hex') AS "headIndex", name, region_hint AS "regionHint", facts
       FROM ${stageTableOf(1)} ORDER BY row_number`,
    );
    expect(back).toEqual(expected(keys, rows));
  });

  it('are staged in chunks: a chunk closes with the batch that fills it', async () => {
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
      expect(c.data).toBeInstanceOf(Uint8Array);
      const part = rows.slice(at, at + c.rows);
      expect(decrypted(c.data, part)).toEqual(expected(keys, part));
      at += c.rows;
    }
    expect(rowHashKey(keys)).toBe(rowHashKey(keys));
  });
});
