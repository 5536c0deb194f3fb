/**
 * The demo population step of `doudi demo`: idempotent per (seed, size). Loading a different size
 * replaces the previous demo population (rows whose source is `demo`); imported data stay.
 */
import type { RegistryKeys } from '../../core/crypto.ts';
import type { Database } from '../../db/types.ts';
import { SYSTEM_ACTOR } from '../../modules/access/index.ts';
import { audit } from '../../modules/audit/service.ts';
import { rebuildAll } from '../../modules/stats/service.ts';
import { loadPopulation } from './load.ts';
import { DEFAULT_SEED, parseDemoSize } from './plan.ts';

export { DEMO_SIZES, parseDemoSize } from './plan.ts';

export type DemoPopulationResult =
  | { skipped: true; reason: string }
  | { skipped: false; households: number; people: number; seconds: number; replaced: boolean };

export async function loadDemoPopulation(
  db: Database,
  keys: RegistryKeys,
  size: string | number,
  opts: { seed?: string; onProgress?: (people: number, target: number) => void } = {},
): Promise<DemoPopulationResult> {
  const people = typeof size === 'number' ? size : parseDemoSize(size);
  const seed = opts.seed ?? DEFAULT_SEED;
  const fingerprint = `${seed}:${people}`;
  const [prev] = await db.query<{ fingerprint: string }>(
    `SELECT fingerprint FROM registry_loads WHERE kind = 'demo' AND status = 'done' ORDER BY started_at DESC LIMIT 1`,
  );
  if (prev?.fingerprint === fingerprint) return { skipped: true, reason: `演示人口（${people} 人）已载入` };
  if (people === 0 && !prev) return { skipped: true, reason: '演示人口规模为 0' };
  if (prev) await removeDemoPopulation(db);
  const r = await loadPopulation(db, keys, {
    size: people,
    seed,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO registry_loads (kind, fingerprint, actor_name, status, rows_total, rows_ok, summary, finished_at)
       VALUES ('demo', $1, 'system:demo', 'done', $2, $2, $3, now())`,
      [
        fingerprint,
        r.people,
        JSON.stringify({ households: r.households, people: r.people, seconds: r.seconds }),
      ],
    );
    await audit(
      tx,
      db.kind,
      { kind: 'system', name: 'demo' },
      {
        action: 'registry.demo_load',
        objectType: 'registry',
        changes: { seed, households: r.households, people: r.people },
      },
    );
  });
  return { skipped: false, ...r, replaced: Boolean(prev) };
}

/** Deletes every row the demo created (source = 'demo') and recounts. */
export async function removeDemoPopulation(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE demo_hh ON COMMIT DROP AS SELECT id FROM households WHERE source = 'demo'`,
    );
    await tx.query(`DELETE FROM category_assignments WHERE household_id IN (SELECT id FROM demo_hh)`);
    await tx.query(`DELETE FROM monitoring_entries WHERE household_id IN (SELECT id FROM demo_hh)`);
    await tx.query(`DELETE FROM attribute_history WHERE household_id IN (SELECT id FROM demo_hh)`);
    await tx.query(`DELETE FROM memberships WHERE household_id IN (SELECT id FROM demo_hh)`);
    await tx.query(`DELETE FROM persons WHERE source = 'demo'`);
    await tx.query(`DELETE FROM households WHERE id IN (SELECT id FROM demo_hh)`);
    await tx.query(`UPDATE registry_loads SET status = 'failed', summary = coalesce(summary, '{}'::jsonb) || '{"replaced": true}'::jsonb
      WHERE kind = 'demo' AND status = 'done'`);
    await rebuildAll(tx);
    await audit(tx, db.kind, SYSTEM_ACTOR, { action: 'registry.demo_remove', objectType: 'registry' });
  });
}
