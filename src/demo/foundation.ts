/** Demo foundation: the seed regions and the demo accounts. Idempotent: a re-run changes nothing. */
import type { Database } from '../db/types.ts';
import { SYSTEM_ACTOR } from '../modules/access/index.ts';
import { loadSeedRegions } from '../modules/regions/service.ts';
import * as users from '../modules/users/repository.ts';
import { createUser, type NewUser } from '../modules/users/service.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';

export async function loadDemoFoundation(
  db: Database,
  onStep?: (step: string, done: number, total: number) => void,
): Promise<{ regionsAdded: number; accountsAdded: number }> {
  onStep?.('行政区划', 0, 1);
  const regionsAdded = await loadSeedRegions(db);
  onStep?.('行政区划', 1, 1);
  let accountsAdded = 0;
  for (const [i, a] of DEMO_ACCOUNTS.entries()) {
    if (!(await users.findByUsername(db, a.username))) {
      await createUser(db, SYSTEM_ACTOR, {
        username: a.username,
        displayName: a.displayName,
        password: a.password,
        role: a.role,
        regionCode: a.regionCode,
        department: (a.department ?? null) as NewUser['department'],
      });
      accountsAdded++;
    }
    onStep?.('演示账号', i + 1, DEMO_ACCOUNTS.length);
  }
  return { regionsAdded, accountsAdded };
}
