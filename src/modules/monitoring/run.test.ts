/**
 * Monitoring runs on a real database: chunked, resumable after a failure at any point, never
 * duplicating a warning; full runs are idempotent; overdue tasks escalate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDb, usingPostgres } from '../../../test/helpers/test-db.ts';
import { generateKeys } from '../../core/crypto.ts';
import { SYSTEM_ACTOR } from '../access/index.ts';
import { HOUSEHOLDS, TODAY, world } from './__fixtures__/world.ts';
import { resumeRun, runMonitoring, unfinishedRuns } from './run.ts';

const keys = generateKeys();

const signals = async (db: TestDb) =>
  (await db.query<{ signal_key: string }>('SELECT signal_key FROM warnings ORDER BY signal_key')).map(
    (r) => r.signal_key,
  );

const noDuplicates = async (db: TestDb) => {
  const [r] = await db.query<{ n: number; d: number; t: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT signal_key)::int AS d,
       (SELECT count(*)::int FROM verification_tasks) AS t FROM warnings`,
  );
  expect(r!.n).toBe(r!.d);
  expect(r!.t).toBe(r!.n);
};

/**
 * Runs on a fresh world until a failure after chunk `failAfter` (as if the process died there), checks
 * what was left, resumes, and checks the warnings are the reference run's, none twice.
 */
async function crashAndResume(o: {
  chunkSize: number;
  failAfter: number;
  households: number;
  threads?: number;
}) {
  const { db } = await world(keys);
  try {
    const threads = o.threads === undefined ? {} : { threads: o.threads };
    const crash = runMonitoring(
      db,
      { keys },
      {
        kind: 'incremental',
        actor: SYSTEM_ACTOR,
        runDate: TODAY,
        chunkSize: o.chunkSize,
        ...threads,
        hooks: {
          afterChunk: (n) => {
            if (n === o.failAfter) throw new Error('进程被终止（测试）');
          },
        },
      },
    );
    await expect(crash).rejects.toThrow('进程被终止');
    const [failed] = await unfinishedRuns(db);
    expect(failed).toMatchObject({ status: 'failed', chunks: o.failAfter, households_done: o.households });
    const partial = await signals(db);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(expected.length);
    await noDuplicates(db);

    const resumed = await resumeRun(db, { keys }, failed!.id, { actor: SYSTEM_ACTOR, ...threads });
    expect(await signals(db)).toEqual(expected);
    await noDuplicates(db);
    expect(await unfinishedRuns(db)).toEqual([]);
    return resumed;
  } finally {
    await db.dispose();
  }
}

let reference: TestDb;
let expected: string[];
let firstEscalated = 0;

beforeAll(async () => {
  ({ db: reference } = await world(keys));
  const r = await runMonitoring(
    reference,
    { keys },
    { kind: 'incremental', actor: SYSTEM_ACTOR, runDate: TODAY, chunkSize: 4 },
  );
  expect(r).toMatchObject({
    status: 'done',
    householdsTotal: HOUSEHOLDS,
    householdsDone: HOUSEHOLDS,
    chunks: 6,
  });
  expected = await signals(reference);
  firstEscalated = r.escalated;
});
afterAll(() => reference.dispose());

describe('monitoring runs', () => {
  it('raise every signal once: unemployment per spouse, death and main-labourer death per dead head', () => {
    const dead = Math.ceil(HOUSEHOLDS / 3);
    expect(expected.filter((s) => s.startsWith('unemployment:'))).toHaveLength(HOUSEHOLDS);
    expect(expected.filter((s) => s.startsWith('death:'))).toHaveLength(dead);
    expect(expected.filter((s) => s.startsWith('main_labourer_death:'))).toHaveLength(dead);
  });

  it('a run that fails after its third chunk resumes after its cursor: same warnings, no duplicates', async () => {
    const resumed = await crashAndResume({ chunkSize: 4, failAfter: 3, households: 12 });
    expect(resumed).toMatchObject({ status: 'done', householdsDone: HOUSEHOLDS, chunks: 6 });
  });

  it('a chunk that fails before its commit is rolled back and done again on resume', async () => {
    const { db } = await world(keys);
    try {
      await expect(
        runMonitoring(
          db,
          { keys },
          {
            kind: 'incremental',
            actor: SYSTEM_ACTOR,
            runDate: TODAY,
            chunkSize: 5,
            hooks: {
              beforeCommit: (n) => {
                if (n === 2) throw new Error('提交前中断（测试）');
              },
            },
          },
        ),
      ).rejects.toThrow('提交前中断');
      const [failed] = await unfinishedRuns(db);
      expect(failed).toMatchObject({ chunks: 1, households_done: 5 });
      await resumeRun(db, { keys }, failed!.id, { actor: SYSTEM_ACTOR });
      expect(await signals(db)).toEqual(expected);
      await noDuplicates(db);
    } finally {
      await db.dispose();
    }
  });

  it('a full run after everything was raised raises nothing; every batch was evaluated', async () => {
    const r = await runMonitoring(
      reference,
      { keys },
      { kind: 'full', actor: SYSTEM_ACTOR, runDate: TODAY, chunkSize: 7 },
    );
    expect(r).toMatchObject({ status: 'done', householdsTotal: HOUSEHOLDS, warningsRaised: 0 });
    expect(await signals(reference)).toEqual(expected);
    const [u] = await reference.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM feed_batches WHERE run_id IS NULL AND rows_added > 0',
    );
    expect(u!.n).toBe(0);
    // The note says honestly that 政策未落实 has nothing to compare against yet.
    expect(r.notes.join('')).toContain('政策未落实');
  });

  it('a closed warning is not raised again by a later run', async () => {
    const [w] = await reference.query<{ id: number }>(
      `SELECT id FROM warnings WHERE type = 'unemployment' LIMIT 1`,
    );
    await reference.query(`UPDATE warnings SET state = 'closed' WHERE id = $1`, [w!.id]);
    const r = await runMonitoring(reference, { keys }, { kind: 'full', actor: SYSTEM_ACTOR, runDate: TODAY });
    expect(r.warningsRaised).toBe(0);
  });

  it('escalates tasks past their deadline to the county at the end of a run', async () => {
    // Deadlines are the run date 2025-03-15 + 3/7/15 days: long past today, so every task escalated.
    expect(firstEscalated).toBe(expected.length);
    const again = await runMonitoring(
      reference,
      { keys },
      { kind: 'incremental', actor: SYSTEM_ACTOR, runDate: TODAY },
    );
    expect(again.escalated).toBe(0);
    const [x] = await reference.query<{ tasks: number; warnings: number }>(
      `SELECT (SELECT count(*)::int FROM verification_tasks WHERE escalated) AS tasks,
              (SELECT count(*)::int FROM warnings WHERE escalated) AS warnings`,
    );
    expect(x!.tasks).toBe(x!.warnings);
    expect(x!.tasks).toBeGreaterThan(0);
  });
});

// Evaluation threads open their own connections: PostgreSQL only (the embedded database evaluates on
// the run's thread whatever is asked).
describe.skipIf(!usingPostgres())('monitoring runs evaluated on threads', () => {
  it('raise exactly the warnings of a run on one thread, written chunk by chunk in order', async () => {
    const { db } = await world(keys);
    try {
      const cursors: number[] = [];
      const r = await runMonitoring(
        db,
        { keys },
        {
          kind: 'incremental',
          actor: SYSTEM_ACTOR,
          runDate: TODAY,
          chunkSize: 2,
          threads: 3,
          hooks: {
            afterChunk: async () => {
              const [run] = await db.query<{ cursor: number }>('SELECT cursor FROM monitoring_runs');
              cursors.push(run!.cursor);
            },
          },
        },
      );
      expect(r).toMatchObject({
        status: 'done',
        householdsDone: HOUSEHOLDS,
        chunks: Math.ceil(HOUSEHOLDS / 2),
      });
      expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
      expect(new Set(cursors).size).toBe(cursors.length);
      expect(await signals(db)).toEqual(expected);
      await noDuplicates(db);
    } finally {
      await db.dispose();
    }
  });

  it('a run on threads that fails after a chunk resumes after its cursor: same warnings, none twice', async () => {
    const resumed = await crashAndResume({ chunkSize: 3, failAfter: 2, households: 6, threads: 2 });
    expect(resumed).toMatchObject({ status: 'done', householdsDone: HOUSEHOLDS });
  });
});
