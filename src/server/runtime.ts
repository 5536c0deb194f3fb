/** Opens the configured database, applies migrations, and builds the context the app and CLI share. */
import { openDatabase } from '../db/open.ts';
import { migrate } from '../db/migrate.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';

export async function openRuntime(config: Config): Promise<AppContext> {
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
    auth: {
      idleMinutes: config.DOUDI_SESSION_IDLE_MINUTES,
      maxFailures: config.DOUDI_LOGIN_MAX_FAILURES,
      lockMinutes: config.DOUDI_LOGIN_LOCK_MINUTES,
    },
  };
}
