/**
 * Merges into `feed_rows` take turns (PostgreSQL only: the embedded database has one connection).
 * A merge inserts the rows whose hash is absent; a second merge of the same rows must wait for the
 * first to commit and then find them there, not fail on the unique index or add them twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb, usingPostgres } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import { finishBatch, insertBatch } from './batch-repo.ts';
import type { FeedType } from './feeds/feed-types.ts';
import type { ValidRow } from './feeds/validate.ts';
import { validateFeedObject } from './feeds/validate.ts';
import { createStage, dropStaleStages, mergeStage, stageChunk, stageTableOf } from './load-repo.ts';
import { rowHashKey, stageRows } from './stage.ts';

const keys = generateKeys();
const TODAY = '2025-03-15' as IsoDate;
let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
});
afterAll(() => db.dispose());

async function stagedBatch(rows: Uint8Array): Promise<number> {
  const b = await insertBatch(db, {
    feed_type: 'unemployment',
    source: 'push',
    file_name: null,
    content_hash: `${Math.random()}`,
    department: '人社',
    uploaded_by_id: null,
    uploaded_by_name: 'test',
    api_key_id: null,
    region_code: null,
    bytes_total: null,
  });
  await createStage(db, b.id);
  await stageChunk(db, b.id, rows);
  return b.id;
}

describe.skipIf(!usingPostgres())('merges into feed_rows', () => {
  it('take turns: the second waits for the first to commit and adds none of the same rows', async () => {
    const type: FeedType = 'unemployment';
    const item = validateFeedObject(
      type,
      { 身份证号码: makeIdNumber('370402', '1990-05-06', 17), 姓名: '郑并发', 登记日期: '2025-03-01' },
      1,
      { hashKey: rowHashKey(keys), today: TODAY },
    );
    const staged = stageRows(keys, [item as ValidRow<FeedType>]);
    const [a, b] = [await stagedBatch(staged), await stagedBatch(staged)];
    const opts = { discoveryLead: false, withHead: false };

    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let merged!: () => void;
    const firstMerged = new Promise<void>((r) => {
      merged = r;
    });
    const first = db.transaction(async (tx) => {
      const r = await mergeStage(tx, db.kind, 'unemployment', a, opts);
      merged();
      await gate; // not committed yet
      return r;
    });
    await firstMerged;
    const second = db.transaction((tx) => mergeStage(tx, db.kind, 'unemployment', b, opts));
    let waiting = 0;
    for (let i = 0; i < 200 && waiting === 0; i++) {
      const [w] = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      );
      waiting = w!.n;
      if (waiting === 0) await new Promise((r) => setTimeout(r, 10));
    }
    open();
    expect(waiting).toBe(1);
    expect((await first).added).toBe(1);
    expect((await second).added).toBe(0);
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feed_rows');
    expect(n!.n).toBe(1);
  });
});

describe('staging tables', () => {
  const exists = async (batchId: number) =>
    (
      await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
        stageTableOf(batchId).replaceAll('"', ''),
      ])
    )[0]!.t !== null;

  it('an import starting leaves the staging table of another import still loading, drops the dead ones', async () => {
    const loading = await stagedBatch(new Uint8Array(0));
    const finished = await stagedBatch(new Uint8Array(0));
    await finishBatch(db, finished, { status: 'failed', fileError: '导入中断' });
    const old = await stagedBatch(new Uint8Array(0));
    await db.query(`UPDATE feed_batches SET updated_at = now() - interval '2 hours' WHERE id = $1`, [old]);
    await dropStaleStages(db);
    expect(await exists(loading)).toBe(true);
    expect(await exists(finished)).toBe(false);
    expect(await exists(old)).toBe(false);
  });
});
