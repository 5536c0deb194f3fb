import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { audit, verifyChain } from './service.ts';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  for (let i = 0; i < 12; i++) {
    await db.transaction((tx) =>
      audit(tx, db.kind, SYSTEM_ACTOR, {
        action: 'test.write',
        objectType: 'thing',
        objectId: String(i),
        regionCode: '370402001000',
        changes: { note: [null, `身份证 11010519491231002X 第${i}条`] },
      }),
    );
  }
});
afterAll(() => db.dispose());

describe('audit log', () => {
  it('never stores an ID number in clear', async () => {
    const rows = await db.query<{ changes: unknown }>('SELECT changes FROM audit_log');
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).toContain('110***********002X');
  });

  it('verifies an intact chain', async () => {
    expect(await verifyChain(db)).toEqual({ rows: 12, broken: null });
  });

  it('refuses UPDATE and DELETE', async () => {
    await expect(db.query("UPDATE audit_log SET action = 'x' WHERE seq = 3")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
  });

  it('reports the first edited row when someone bypasses the trigger with raw SQL', async () => {
    await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await db.query("UPDATE audit_log SET object_id = 'forged' WHERE seq = 5");
    const r = await verifyChain(db);
    expect(r.broken).toEqual({ seq: 5, reason: 'edited' });
    expect(r.rows).toBe(4);
  });

  it('reports a deleted row', async () => {
    await db.query('DELETE FROM audit_log WHERE seq >= 5 AND seq <= 5');
    const r = await verifyChain(db);
    expect(r.broken).toEqual({ seq: 6, reason: 'reordered_or_deleted' });
    await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  });
});
