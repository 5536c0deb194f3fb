import type { Database } from '../db/types.ts';
import type { AuthSettings } from '../modules/auth/service.ts';
import type { Config } from './config.ts';

/** What routes need from the running app: the database and settings. No god object beyond this. */
export type AppContext = {
  db: Database;
  config: Config;
  auth: AuthSettings;
};
