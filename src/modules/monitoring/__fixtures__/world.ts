/**
 * The same small world in a fresh database each time: 23 households of two in one village, the
 * spouses reported unemployed and every third head dead, loaded without running (for run tests).
 */
import { loadTestRegions, openTestDb, type TestDb } from '../../../../test/helpers/test-db.ts';
import type { RegistryKeys } from '../../../core/crypto.ts';
import type { IsoDate } from '../../../core/dates.ts';
import { SYSTEM_ACTOR } from '../../access/index.ts';
import { importFeed } from '../import.ts';
import { feedFile, makeHousehold, type TestHousehold } from './registry.ts';

export const TODAY = '2025-03-15' as IsoDate;
export const VILLAGE = '370402001016';
export const HOUSEHOLDS = 23;

export async function world(k: RegistryKeys): Promise<{ db: TestDb; households: TestHousehold[] }> {
  const db = await openTestDb();
  await loadTestRegions(db);
  const households: TestHousehold[] = [];
  for (let i = 0; i < HOUSEHOLDS; i++) {
    households.push(
      await db.transaction((tx) =>
        makeHousehold(tx, k, VILLAGE, [
          { name: `户主${i}`, incomeFen: 200000, labor: 'full' },
          { name: `配偶${i}`, relation: 'spouse', labor: 'partial' },
        ]),
      ),
    );
  }
  const unemployment = feedFile(
    ['身份证号码', '姓名', '登记日期'],
    households.map((h, i) => [h.members[1]!.idNumber, `配偶${i}`, '2025-02-01']),
  );
  const deaths = feedFile(
    ['身份证号码', '姓名', '死亡日期'],
    households
      .filter((_, i) => i % 3 === 0)
      .map((h, i) => [h.members[0]!.idNumber, `户主${i}`, '2025-01-10']),
  );
  const opts = { today: TODAY, runDate: TODAY, run: false };
  await importFeed(db, { keys: k }, SYSTEM_ACTOR, 'unemployment', { kind: 'file', path: unemployment }, opts);
  await importFeed(db, { keys: k }, SYSTEM_ACTOR, 'death', { kind: 'file', path: deaths }, opts);
  return { db, households };
}
