/**
 * A monitoring run in its own process, killed with SIGKILL midway (PostgreSQL only: the embedded
 * database lives inside the test process). The run is left `running` with its cursor at the last
 * committed chunk; resuming it gives exactly the warnings of an uninterrupted run.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usingPostgres } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { HOUSEHOLDS, TODAY, world } from './__fixtures__/world.ts';
import { resumeRun, runMonitoring } from './run.ts';
import * as runs from './run-repo.ts';

const CHILD = fileURLToPath(new URL('./__fixtures__/run-child.ts', import.meta.url));
const keys = generateKeys();

describe.skipIf(!usingPostgres())('a monitoring run killed midway', () => {
  it('resumes after the process died: same warnings as an uninterrupted run, none twice', async () => {
    const ref = await world(keys);
    const victim = await world(keys);
    try {
      await runMonitoring(
        ref.db,
        { keys },
        { kind: 'incremental', actor: SYSTEM_ACTOR, runDate: TODAY, chunkSize: 4 },
      );
      const expected = await ref.db.query<{ signal_key: string }>(
        'SELECT signal_key FROM warnings ORDER BY 1',
      );

      const [{ name }] = (await victim.db.query<{ name: string }>('SELECT current_database() AS name')) as [
        { name: string },
      ];
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, DATABASE_URL: url.toString(), RUN_DATE: TODAY, CHUNK: '4' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((r) => child.once('exit', r));
      let runId = 0;
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /run (\d+)/.exec(out);
          if (m) runId = Number(m[1]);
          if (out.includes('chunk 2')) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => resolve());
        child.on('error', reject);
      });
      await exited;
      expect(runId).toBeGreaterThan(0);

      const dead = (await runs.findRun(victim.db, runId))!;
      expect(dead.status).toBe('running'); // its process died without saying so
      expect(dead.chunks).toBeGreaterThanOrEqual(2);
      expect(dead.chunks).toBeLessThan(Math.ceil(HOUSEHOLDS / 4));

      const r = await resumeRun(victim.db, { keys }, runId, { actor: SYSTEM_ACTOR });
      expect(r).toMatchObject({ status: 'done', householdsDone: HOUSEHOLDS });
      const got = await victim.db.query<{ signal_key: string }>('SELECT signal_key FROM warnings ORDER BY 1');
      expect(got).toEqual(expected);
      const [d] = await victim.db.query<{ n: number; d: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT signal_key)::int AS d FROM warnings',
      );
      expect(d!.n).toBe(d!.d);
    } finally {
      await ref.db.dispose();
      await victim.db.dispose();
    }
  });
});
