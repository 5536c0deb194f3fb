/** Opens the configured database, applies migrations, and builds the context the app and CLI share. */
import { loadKeys } from '../core/crypto.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';

export async function openRuntime(config: Config): Promise<AppContext> {
  // Keys first: a missing key must stop the start before the database is touched.
  const keys = await loadKeys(config);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DOUDI_DATA_DIR });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    db,
    config,
    keys,
    auth: {
      idleMinutes: config.DOUDI_SESSION_IDLE_MINUTES,
      maxFailures: config.DOUDI_LOGIN_MAX_FAILURES,
      lockMinutes: config.DOUDI_LOGIN_LOCK_MINUTES,
    },
  };
}
