import { join } from 'node:path';
import { openPglite } from './pglite-client.ts';
import { openPostgres } from './postgres-client.ts';
import type { Database } from './types.ts';

/** `DATABASE_URL` selects PostgreSQL; otherwise PGlite persists under `<dataDir>/pglite` (null = memory). */
export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string | null;
}): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir ? join(opts.dataDir, 'pglite') : null);
}
