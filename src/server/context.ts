import type { RegistryKeys } from '../core/crypto.ts';
import type { Database } from '../db/types.ts';
import type { AuthSettings } from '../modules/auth/service.ts';
import type { Config } from './config.ts';

/** What routes need from the running app: the database and settings. No god object beyond this. */
export type AppContext = {
  db: Database;
  config: Config;
  auth: AuthSettings;
  /** SM4 and SM3-HMAC keys for ID numbers at rest (never stored in the database). */
  keys: RegistryKeys;
};
