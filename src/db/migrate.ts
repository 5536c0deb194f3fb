/**
 * Applies the committed drizzle-kit migrations (drizzle/*.sql, in journal order) on either driver.
 * Each migration runs in its own transaction; an advisory lock keeps two starting servers from
 * migrating the same PostgreSQL database at once. Then it builds the indexes a bulk load left
 * unbuilt (deferred-indexes.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildLeftoverIndexes } from './deferred-indexes.ts';
import type { Database } from './types.ts';

const DIR = new URL('../../drizzle/', import.meta.url);
const MIGRATION_LOCK = 72_000_001;

type Journal = { entries: Array<{ idx: number; tag: string }> };

export async function migrate(db: Database): Promise<string[]> {
  const journal = JSON.parse(await readFile(new URL('meta/_journal.json', DIR), 'utf8')) as Journal;
  await db.query(`CREATE TABLE IF NOT EXISTS doudi_migrations (
    tag text PRIMARY KEY, hash char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const { tag } of [...journal.entries].sort((a, b) => a.idx - b.idx)) {
    const text = await readFile(new URL(`${tag}.sql`, DIR), 'utf8');
    const hash = createHash('sha256').update(text).digest('hex');
    const done = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [row] = await tx.query<{ hash: string }>('SELECT hash FROM doudi_migrations WHERE tag = $1', [
        tag,
      ]);
      if (row) {
        if (row.hash !== hash) throw new Error(`migration ${tag} was changed after it was applied`);
        return false;
      }
      for (const stmt of text.split('--> statement-breakpoint')) {
        if (stmt.trim()) await tx.query(stmt);
      }
      await tx.query('INSERT INTO doudi_migrations (tag, hash) VALUES ($1, $2)', [tag, hash]);
      return true;
    });
    if (done) applied.push(tag);
  }
  // A bulk load whose process died between committing its rows and building their indexes.
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await buildLeftoverIndexes(tx, db.kind);
  });
  return applied;
}
