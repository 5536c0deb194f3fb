/**
 * Streams the demo population into the database with COPY, in one transaction (on PostgreSQL the
 * secondary indexes are built after it, from two connections, see db/deferred-indexes.ts). Generation (names,
 * ID numbers, SM4 encryption, SM3-HMAC blind index, CSV) runs in a worker thread a couple of batches
 * ahead of the database, so both cores work; memory is bounded by those batches plus per-village
 * counters, and `--size 10000000` runs in the same memory as `small`.
 */
import { Worker } from 'node:worker_threads';
import type { RegistryKeys } from '../../core/crypto.ts';
import {
  buildDeferredIndexes,
  buildDeferredIndexesIn,
  deferSecondaryIndexes,
  shareLockAfter,
  type TableGuard,
} from '../../db/deferred-indexes.ts';
import type { Database, Tx } from '../../db/types.ts';
import { CATEGORIES, type Category } from '../../modules/households/enums.ts';
import { recountVillages, replaceVillageCounts, type VillageCounts } from '../../modules/stats/service.ts';
import {
  ALL_INDEX,
  CATEGORY_COLUMNS,
  type CopyBatch,
  type GenerateInput,
  generateBatches,
  HOUSEHOLD_COLUMNS,
  MEMBERSHIP_COLUMNS,
  MONITORING_COLUMNS,
  PERSON_COLUMNS,
  partition,
  type VillageCounters,
} from './generate.ts';
import { PEOPLE_PER_HOUSEHOLD } from './households.ts';
import { allocate, loadVillages, type VillageQuota } from './plan.ts';
import { StandardsBook } from './standards.ts';
import type { StartMessage, WorkerData, WorkerMessage } from './worker.ts';

export type LoadResult = { households: number; people: number; seconds: number };

export type DemoLoadOptions = {
  size: number;
  seed: string;
  onProgress?: (people: number, target: number) => void;
  /** Generate on the main thread (no worker); slower, for environments without worker threads. */
  inline?: boolean;
  /** Called as each phase ends, with its seconds (the benchmark reports where the time goes). */
  onPhase?: (phase: LoadPhase, seconds: number) => void;
};

export type LoadPhase = 'prepare' | 'stream' | 'indexes' | 'statistics';

export const REGISTRY_TABLES = [
  'households',
  'persons',
  'memberships',
  'category_assignments',
  'monitoring_entries',
] as const;

/** Batches with an acknowledgement: `written()` lets the producer run one batch further ahead. */
type Source = { batches: AsyncGenerator<CopyBatch, VillageCounters>; written: () => void };

export async function loadPopulation(
  db: Database,
  keys: RegistryKeys,
  opts: DemoLoadOptions,
): Promise<LoadResult> {
  const started = performance.now();
  // The workers load their modules and the policy packs (about a second) while this thread plans
  // the villages and the transaction takes its locks.
  const workers = opts.inline ? [] : Array.from({ length: GENERATOR_THREADS }, () => startWorker(keys));
  try {
    const villages = await loadVillages(db);
    if (villages.length === 0) throw new Error('尚未载入行政区划，无法生成演示人口');
    const quotas = allocate(villages, opts.size, opts.seed, PEOPLE_PER_HOUSEHOLD);
    return await load(db, keys, opts, quotas, started, workers);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Generator threads. Generation costs about twice what COPY costs the database, so two threads keep
 * PostgreSQL's backend busy on a two-core machine. Fixed, not taken from the machine: the split of
 * the work decides the ids, and a seed must give the same database everywhere.
 */
const GENERATOR_THREADS = 2;

async function load(
  db: Database,
  keys: RegistryKeys,
  opts: DemoLoadOptions,
  quotas: VillageQuota[],
  started: number,
  workers: Array<ReturnType<typeof startWorker>>,
): Promise<LoadResult> {
  let mark = started;
  const phase = (name: LoadPhase) => {
    const now = performance.now();
    opts.onPhase?.(name, (now - mark) / 1000);
    mark = now;
  };
  // On PostgreSQL the secondary indexes of a load into an empty registry are built after the commit,
  // several at once (see deferred-indexes.ts); a connection holds the tables for it meanwhile.
  let guard: TableGuard | null = null;
  try {
    const loaded = await db.transaction(async (tx) => {
      const rows = await loadRows(db, tx, keys, opts, quotas, workers, phase);
      if (rows.indexesAfterCommit) guard = await shareLockAfter(db, tx, REGISTRY_TABLES);
      return rows;
    });
    if (loaded.indexesAfterCommit) {
      await buildDeferredIndexes(db, { parallel: INDEX_BUILDERS, guard });
      guard = null;
      phase('indexes');
    }
    return {
      households: loaded.households,
      people: loaded.people,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await (guard as TableGuard | null)?.release();
  }
}

/** Index builds at once after a PostgreSQL load: one per core of the machines we measure on. */
const INDEX_BUILDERS = 2;

/**
 * The load's transaction: takes the registry's tables, streams the generated rows in, sets the
 * sequences and the village statistics. The secondary indexes are rebuilt here, or left for after
 * the commit (`indexesAfterCommit`).
 */
async function loadRows(
  db: Database,
  tx: Tx,
  keys: RegistryKeys,
  opts: DemoLoadOptions,
  quotas: VillageQuota[],
  workers: Array<ReturnType<typeof startWorker>>,
  phase: (name: LoadPhase) => void,
): Promise<{ households: number; people: number; indexesAfterCommit: boolean }> {
  await tx.query(`LOCK TABLE ${REGISTRY_TABLES.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
  // Ids are assigned by the generator from the first free ones; the lock keeps them free.
  const [base] = await tx.query<{
    h: number;
    p: number;
    m: number;
    c: number;
    o: number;
    n: number;
    statsEmpty: boolean;
  }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM households)::bigint AS h,
            (SELECT coalesce(max(id), 0) FROM persons)::bigint AS p,
            (SELECT coalesce(max(id), 0) FROM memberships)::bigint AS m,
            (SELECT coalesce(max(id), 0) FROM category_assignments)::bigint AS c,
            (SELECT coalesce(max(id), 0) FROM monitoring_entries)::bigint AS o,
            (SELECT count(*) FROM persons)::bigint AS n,
            NOT EXISTS (SELECT 1 FROM stats_village_category) AS "statsEmpty"`,
  );
  // Empty tables are emptied once more, in this transaction: their new files then need no WAL for
  // the COPY and the index builds where the server allows it (wal_level=minimal, the embedded one).
  // Rows COPYed into a table emptied in this transaction can also be written frozen.
  const emptied = base!.h === 0 && base!.p === 0 && base!.m === 0 && base!.c === 0 && base!.o === 0;
  if (emptied) await tx.query(`TRUNCATE ${REGISTRY_TABLES.join(', ')}`);
  // A load that at least doubles the registry is faster with the secondary indexes built once at
  // the end than maintained row by row (about 3× on PGlite, 2× on PostgreSQL).
  const rebuild = base!.n < opts.size;
  if (rebuild) await deferSecondaryIndexes(tx, REGISTRY_TABLES);
  // After the commit needs the guard's connection and two builders; a registry that had people
  // is recounted below, which wants its indexes first.
  const indexesAfterCommit = rebuild && base!.n === 0 && db.kind === 'postgres' && db.connections >= 3;
  const input: GenerateInput = {
    quotas,
    seed: opts.seed,
    firstHouseholdId: base!.h + 1,
    firstPersonId: base!.p + 1,
    firstMembershipId: base!.m + 1,
    firstCategoryId: base!.c + 1,
    firstMonitoringId: base!.o + 1,
  };
  const parts = partition(input, GENERATOR_THREADS);
  const sources =
    workers.length > 0 ? parts.map((part, i) => workers[i]!.start(part)) : [await inlineSource(parts, keys)];
  phase('prepare');

  // Batches are written as they come, from whichever thread has one ready.
  const peopleBy = sources.map(() => 0);
  const householdsBy = sources.map(() => 0);
  const counters: VillageCounters = [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ask = (i: number) => {
    const p = sources[i]!.batches.next().then((r) => ({ i, r }));
    // After a failure the other threads' pending batches are abandoned, not unhandled.
    p.catch(() => {});
    return p;
  };
  const pending = new Map(sources.map((_, i) => [i, ask(i)]));
  while (pending.size > 0) {
    const { i, r } = await Promise.race(pending.values());
    const src = sources[i]!;
    if (r.done) {
      counters.push(...r.value);
      pending.delete(i);
      continue;
    }
    pending.set(i, ask(i));
    await writeBatch(tx, r.value, emptied);
    src.written();
    peopleBy[i] = r.value.people;
    householdsBy[i] = r.value.householdCount;
    opts.onProgress?.(sum(peopleBy), opts.size);
  }
  const people = sum(peopleBy);
  const households = sum(householdsBy);

  phase('stream');
  if (rebuild && !indexesAfterCommit) {
    await buildDeferredIndexesIn(tx, db.kind, REGISTRY_TABLES);
    phase('indexes');
  }
  for (const t of REGISTRY_TABLES) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('${t}', 'id'), greatest((SELECT coalesce(max(id), 0) FROM ${t}), 1))`,
    );
  }
  const touched = counters.map(([code]) => code);
  if (base!.n === 0)
    await replaceVillageCounts(tx, touched, countRows(counters), { knownEmpty: base!.statsEmpty });
  else await recountVillages(tx, touched);
  phase('statistics');
  return { households, people, indexesAfterCommit };
}

function countRows(counters: VillageCounters): VillageCounts[] {
  const rows: VillageCounts[] = [];
  for (const [code, c] of counters) {
    for (let i = 0; i <= ALL_INDEX; i++) {
      if (c[2 * i]! > 0 || c[2 * i + 1]! > 0) {
        rows.push({
          villageCode: code,
          category: i === ALL_INDEX ? '_all' : (CATEGORIES[i] as Category),
          households: c[2 * i]!,
          people: c[2 * i + 1]!,
        });
      }
    }
  }
  return rows;
}

/** The parts one after the other on this thread, with running totals over all of them. */
async function inlineSource(parts: GenerateInput[], keys: RegistryKeys): Promise<Source> {
  const book = await StandardsBook.load();
  async function* batches(): AsyncGenerator<CopyBatch, VillageCounters> {
    const counters: VillageCounters = [];
    let people = 0;
    let households = 0;
    for (const part of parts) {
      const gen = generateBatches(part, keys, book);
      let last = { people: 0, householdCount: 0 };
      for (;;) {
        const r = gen.next();
        if (r.done) {
          counters.push(...r.value);
          break;
        }
        last = r.value;
        yield {
          ...r.value,
          people: people + r.value.people,
          householdCount: households + r.value.householdCount,
        };
      }
      people += last.people;
      households += last.householdCount;
    }
    return counters;
  }
  return { batches: batches(), written: () => {} };
}

/** Boots the generator thread now; `start` gives it its input. */
function startWorker(keys: RegistryKeys): {
  start: (input: GenerateInput) => Source;
  terminate: () => Promise<number>;
} {
  const data: WorkerData = {
    entry: new URL('./worker.ts', import.meta.url).href,
    idKeyHex: keys.id.key.toString('hex'),
    indexKeyHex: keys.index.toString('hex'),
  };
  // A large young generation: a batch's short-lived rows then die in cheap scavenges.
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  const queue: WorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`演示数据生成线程异常退出（${code}）`);
    notify();
  });
  async function* batches(): AsyncGenerator<CopyBatch, VillageCounters> {
    try {
      for (;;) {
        while (queue.length === 0) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        const m = queue.shift()!;
        if (m.type === 'error') throw new Error(`演示数据生成失败：${m.message}`);
        if (m.type === 'done') return m.counters;
        yield m.batch;
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    start: (input) => {
      worker.postMessage({ type: 'start', input } satisfies StartMessage);
      return { batches: batches(), written: () => worker.postMessage({ type: 'more' }) };
    },
    terminate: () => worker.terminate(),
  };
}

async function writeBatch(tx: Tx, batch: CopyBatch, freeze: boolean): Promise<void> {
  const binary = { format: 'binary', freeze } as const;
  await tx.copyFrom('households', HOUSEHOLD_COLUMNS, batch.households, binary);
  await tx.copyFrom('persons', PERSON_COLUMNS, batch.persons, binary);
  await tx.copyFrom('memberships', MEMBERSHIP_COLUMNS, batch.memberships, binary);
  if (batch.categories.length)
    await tx.copyFrom('category_assignments', CATEGORY_COLUMNS, batch.categories, binary);
  if (batch.monitoring.length)
    await tx.copyFrom('monitoring_entries', MONITORING_COLUMNS, batch.monitoring, binary);
}
