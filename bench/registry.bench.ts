/**
 * The low-income population database at scale: demo generation + load (people/s, encryption and
 * blind index included), registry import from CSV (rows/s, first run and the idempotent re-run), and
 * latency (p50/p95) of the household page, the dashboard drill-down and ID-number search.
 *
 *   BENCH_PEOPLE=200000 npm run bench registry                      # PGlite on disk (temp dir)
 *   BENCH_PEOPLE=10000000 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench registry
 *
 * With BENCH_DATABASE_URL a fresh database is created on that server and dropped afterwards.
 * BENCH_IMPORT_ROWS sets the size of the import file (default: a tenth of the people, at most 1M), whose
 * households lie in the villages of four counties (市中区, 丰都县, 农安县, 榆中县), as a county roster would.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateKeys } from '../src/core/crypto.ts';
import type { RegionCode } from '../src/core/region-code.ts';
import { csvRow } from '../src/db/csv.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite-client.ts';
import { openPostgres } from '../src/db/postgres-client.ts';
import type { Database } from '../src/db/types.ts';
import { CountyIds, HouseholdFactory } from '../src/demo/population/households.ts';
import { loadDemoPopulation } from '../src/demo/population/index.ts';
import { Rng } from '../src/demo/population/random.ts';
import { StandardsBook } from '../src/demo/population/standards.ts';
import type { Actor } from '../src/modules/access/index.ts';
import { getHouseholdPage } from '../src/modules/households/page.ts';
import { search } from '../src/modules/households/search.ts';
import { loadSeedRegions } from '../src/modules/regions/service.ts';
import { importRegistry } from '../src/modules/registry-import/service.ts';
import { COLUMNS } from '../src/modules/registry-import/template.ts';
import { overview } from '../src/modules/stats/service.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 200_000);
const IMPORT_ROWS = Number(
  process.env.BENCH_IMPORT_ROWS ?? Math.min(1_000_000, Math.max(10_000, PEOPLE / 10)),
);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);

type Row = Record<string, string | number>;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const ms = (x: number) => Number(x.toFixed(1));

async function openBenchDb(): Promise<{ db: Database; driver: string; close: () => Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    const dir = await mkdtemp(join(tmpdir(), 'doudi-bench-'));
    const db = await openPglite(join(dir, 'pglite'));
    return {
      db,
      driver: 'PGlite (on disk)',
      close: async () => {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `doudi_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString());
  return {
    db,
    driver: 'PostgreSQL',
    close: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: admin });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

const IMPORT_COUNTIES = ['370402', '500230', '220122', '620123'];

/** A roster of new people (sequence numbers above the demo's) in four counties' villages, as CSV. */
export async function writeImportFileForTest(db: Database, path: string, rows: number): Promise<number> {
  return writeImportFile(db, path, rows);
}

async function writeImportFile(db: Database, path: string, rows: number): Promise<number> {
  // A county-level roster, as counties import them: villages of the four demo counties.
  const villages = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM regions WHERE level = 'village' AND left(code, 6) = ANY($1::text[]) ORDER BY code`,
    [IMPORT_COUNTIES],
  );
  const book = await StandardsBook.load();
  const out = createWriteStream(path);
  out.write(`\uFEFF${csvRow(COLUMNS.map((c) => c.zh))}`);
  const rng = new Rng('bench-import');
  const idsByCounty = new Map<string, CountyIds>();
  let written = 0;
  let serial = 0;
  const labels: Record<string, string> = {
    head: '户主',
    spouse: '配偶',
    child: '子女',
    parent: '父母',
    grandchild: '孙子女',
    grandparent: '祖父母',
    sibling: '兄弟姐妹',
    other: '其他',
  };
  while (written < rows) {
    const v = villages[Math.floor(rng.next() * villages.length)]!;
    const county = v.code.slice(0, 6);
    let ids = idsByCounty.get(county);
    if (!ids) {
      ids = new CountyIds(county, 400);
      idsByCounty.set(county, ids);
    }
    const h = new HouseholdFactory(rng, ids).make(v.code, v.name, ++serial, book.forCounty(county));
    let chunk = '';
    for (const m of h.members) {
      chunk += csvRow([
        `B-${v.code}-${serial}`,
        v.code,
        h.residence === 'urban' ? '城市' : '农村',
        h.address,
        m.idNumber,
        m.name,
        labels[m.relation],
        (m.incomeFen / 100).toFixed(2),
        m.labor,
        m.disabilityGrade,
        m.disabilityType,
        m.seriousIllness ? '是' : '否',
        m.student,
        m.employed ? '是' : '否',
        m.care,
        m.supporter,
        m.relation === 'head' ? h.category : null,
        m.relation === 'head' && h.category ? h.categoryFrom : null,
      ]);
      written++;
    }
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return written;
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

export default async function run(): Promise<{ name: string; rows: Row[]; notes?: string }> {
  const { db, driver, close } = await openBenchDb();
  const rows: Row[] = [];
  const keys = generateKeys();
  const dir = await mkdtemp(join(tmpdir(), 'doudi-bench-file-'));
  try {
    await migrate(db);
    await loadSeedRegions(db);

    const load = await loadDemoPopulation(db, keys, PEOPLE, { seed: 'bench' });
    if (load.skipped) throw new Error('demo population unexpectedly present');
    rows.push({
      step: 'demo generation + load (SM4 + SM3-HMAC, COPY)',
      driver,
      size: load.people,
      seconds: ms(load.seconds),
      'rate (people/s)': Math.round(load.people / load.seconds),
    });

    const file = join(dir, 'roster.csv');
    const written = await writeImportFile(db, file, IMPORT_ROWS);
    const system: Actor = { kind: 'system', name: 'bench' };
    const first = await importRegistry(db, keys, system, file);
    rows.push({
      step: 'registry import, CSV (new people)',
      driver,
      size: written,
      seconds: ms(first.seconds),
      'rate (people/s)': Math.round(written / first.seconds),
    });
    const again = await importRegistry(db, keys, system, file);
    rows.push({
      step: 'registry import, same file again (no changes)',
      driver,
      size: written,
      seconds: ms(again.seconds),
      'rate (people/s)': Math.round(written / again.seconds),
    });

    // Latency: households spread over the id range; regions at every level.
    const [range] = await db.query<{ lo: number; hi: number }>(
      'SELECT min(id)::bigint AS lo, max(id)::bigint AS hi FROM households',
    );
    const rng = new Rng('bench-latency');
    const ids = Array.from(
      { length: SAMPLES },
      () => range!.lo + Math.floor(rng.next() * (range!.hi - range!.lo)),
    );
    await timeEach(20, (i) => getHouseholdPage(db, system, ids[i]!)); // warm-up
    const page = await timeEach(SAMPLES, (i) => getHouseholdPage(db, system, ids[i]!));
    rows.push({
      step: 'household page',
      driver,
      size: load.people,
      'p50 (ms)': ms(pct(page, 50)),
      'p95 (ms)': ms(pct(page, 95)),
    });

    const levels = ['province', 'city', 'county', 'town'] as const;
    for (const level of levels) {
      const regions = await db.query<{ code: string }>(
        'SELECT code FROM regions WHERE level = $1 ORDER BY md5(code) LIMIT $2',
        [level, SAMPLES],
      );
      const actor: Actor = { kind: 'system', name: 'bench' };
      const times = await timeEach(Math.min(SAMPLES, regions.length * 4), (i) =>
        overview(db, actor, regions[i % regions.length]!.code as RegionCode),
      );
      rows.push({
        step: `dashboard drill-down (${level})`,
        driver,
        size: load.people,
        'p50 (ms)': ms(pct(times, 50)),
        'p95 (ms)': ms(pct(times, 95)),
      });
    }

    const people = await db.query<{ id_cipher: Uint8Array }>(
      'SELECT id_cipher FROM persons ORDER BY id DESC LIMIT $1',
      [Math.min(SAMPLES, 200)],
    );
    const { decryptId } = await import('../src/core/crypto.ts');
    const idNumbers = people.map((p) => decryptId(keys, p.id_cipher));
    const byId = await timeEach(idNumbers.length, (i) =>
      search(db, keys, system, { idNumber: idNumbers[i]!, limit: 20, offset: 0 }),
    );
    rows.push({
      step: 'search by ID number',
      driver,
      size: load.people,
      'p50 (ms)': ms(pct(byId, 50)),
      'p95 (ms)': ms(pct(byId, 95)),
    });

    return {
      name: `Low-income population database (${PEOPLE.toLocaleString('en')} people, ${driver})`,
      rows,
      notes:
        'Household page = one audited read of a household (members, categories, history, timeline). Dashboard = ' +
        'GET /api/stats/overview for random regions of that level, from the village × category pre-aggregate. ' +
        `Latency samples: ${SAMPLES} each, sequential, after warm-up.`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await close();
  }
}
