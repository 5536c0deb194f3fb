/**
 * 政策未落实 is wired to the assessment engine's entitlements and to whatever assistance-chain module
 * registers itself: with none registered it is inert (and runs say so); with one, an entitlement the
 * chain does not show as given raises one warning, once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import type { IsoDate } from '../../core/dates.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { makeHousehold, type TestHousehold } from './__fixtures__/registry.ts';
import { INERT_NOTE, registerAssistanceChain } from './assistance-chain.ts';
import { runMonitoring } from './run.ts';

const keys = generateKeys();
const RUN = '2025-03-15' as IsoDate;
let db: TestDb;
let h: TestHousehold;

beforeAll(async () => {
  db = await openTestDb();
  await loadTestRegions(db);
  h = await db.transaction((tx) =>
    makeHousehold(tx, keys, '370402001013', [
      { name: '陈志强', birth: '1980-03-03', labor: 'full' },
      { name: '陈小燕', relation: 'child', birth: '2012-06-06', student: 'junior', labor: 'none' },
    ]),
  );
});
afterAll(() => db.dispose());
afterEach(() => registerAssistanceChain(null));

const pni = async () =>
  (
    await db.query<{ signal_key: string; reason: string }>(
      `SELECT signal_key, reason FROM warnings WHERE type = 'policy_not_implemented' ORDER BY signal_key`,
    )
  ).map((r) => r.signal_key);

describe('政策未落实', () => {
  it('is inert without an assistance chain, and the run says so', async () => {
    const r = await runMonitoring(db, { keys }, { kind: 'full', actor: SYSTEM_ACTOR, runDate: RUN });
    expect(r.notes).toContain(INERT_NOTE);
    expect(await pni()).toEqual([]);
  });

  it('with a chain, warns of each entitlement the chain shows no record of — once', async () => {
    registerAssistanceChain({
      name: 'test chain',
      received: async (_q, ids) =>
        new Map(ids.map((id) => [id, [{ code: 'dibao_allowance', personId: null }]])),
    });
    const r = await runMonitoring(db, { keys }, { kind: 'full', actor: SYSTEM_ACTOR, runDate: RUN });
    expect(r.notes).not.toContain(INERT_NOTE);
    const keysRaised = await pni();
    // 低保金 was paid; the medical subsidy (each member) and education assistance (the student) were not.
    expect(keysRaised.some((k) => k.includes('dibao_allowance'))).toBe(false);
    expect(keysRaised).toContain(`policy_not_implemented:p${h.members[1]!.id}:education:2024-01-01`);
    expect(keysRaised.some((k) => k.includes('medical_premium_subsidy'))).toBe(true);
    const again = await runMonitoring(db, { keys }, { kind: 'full', actor: SYSTEM_ACTOR, runDate: RUN });
    expect(again.warningsRaised).toBe(0);
  });
});
