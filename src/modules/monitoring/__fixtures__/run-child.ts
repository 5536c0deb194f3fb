/**
 * A monitoring run in a process of its own, for the test that kills it midway: prints `run <id>`,
 * then `chunk <n>` after each committed chunk, waiting a little so the parent can kill it between
 * (or during) chunks. Env: DATABASE_URL, RUN_DATE, CHUNK.
 */
import { openPostgres } from '../../../db/postgres-client.ts';
import { SYSTEM_ACTOR } from '../../access/index.ts';
import { runMonitoring } from '../run.ts';

const db = await openPostgres(process.env.DATABASE_URL!, 2);
await runMonitoring(
  db,
  {},
  {
    kind: 'incremental',
    actor: SYSTEM_ACTOR,
    runDate: process.env.RUN_DATE as never,
    chunkSize: Number(process.env.CHUNK ?? 4),
    onStart: (run) => console.log(`run ${run.id}`),
    hooks: {
      afterChunk: async (n) => {
        console.log(`chunk ${n}`);
        await new Promise((r) => setTimeout(r, 400));
      },
    },
  },
);
console.log('done');
await db.close();
