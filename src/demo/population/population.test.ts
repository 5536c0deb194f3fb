/**
 * The demo population: deterministic by seed, realistic and consistent with the policy packs, valid
 * ID numbers whose prefix is the county of residence, the demo towns populated, and — loaded into a
 * real database — no ID number in clear anywhere (every text, jsonb and bytea column; pg_dump too
 * when running on PostgreSQL).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTestRegions, openTestDb, type TestDb, usingPostgres } from '../../../test/helpers/test-db.ts';
import { decryptId, generateKeys, makeKeys } from '../../core/crypto.ts';
import { ageOn, type IdNumber, idNumberProblem } from '../../core/id-number.ts';
import { CATEGORIES } from '../../modules/households/enums.ts';
import { readSeedRegions } from '../../modules/regions/region-data.ts';
import { ALL_INDEX, generateBatches, partition } from './generate.ts';
import { CountyIds, type DemoHousehold, HouseholdFactory, PEOPLE_PER_HOUSEHOLD } from './households.ts';
import { loadDemoPopulation } from './index.ts';
import { allocate, DEMO_AS_OF, demoTownPrefixes, type Village } from './plan.ts';
import { Rng } from './random.ts';
import { StandardsBook } from './standards.ts';

let book: StandardsBook;
let seedVillages: Village[];

beforeAll(async () => {
  book = await StandardsBook.load();
  seedVillages = [];
  for await (const r of readSeedRegions())
    if (r.level === 'village') seedVillages.push({ code: r.code, name: r.name });
});

const isSevere = (m: { disabilityGrade: number | null; disabilityType: string | null }) =>
  m.disabilityGrade !== null &&
  (m.disabilityGrade <= 2 || m.disabilityType === 'intellectual' || m.disabilityType === 'mental');

describe('households are consistent with their category under the county’s pack', () => {
  it('checks 20,000 households of a Chongqing county and a Gansu county', () => {
    for (const county of ['500230', '620123']) {
      const std = book.forCounty(county);
      expect(std.policyId).not.toBeNull();
      const f = new HouseholdFactory(new Rng(`t:${county}`), new CountyIds(county));
      const seen = new Set<string>();
      for (let i = 1; i <= 10_000; i++) {
        const village = `${county}101${i % 2 ? '001' : '201'}`;
        const h: DemoHousehold = f.make(village, '某村村民委员会', i, std);
        const n = h.members.length;
        const S = std.dibao[h.residence];
        const Y = h.members.reduce((s, m) => s + m.incomeFen, 0);
        for (const m of h.members) {
          expect(idNumberProblem(m.idNumber)).toBeNull();
          expect(m.idNumber.slice(0, 6)).toBe(county);
          expect(seen.has(m.idNumber)).toBe(false);
          seen.add(m.idNumber);
          expect(m.sex === 'male').toBe(Number(m.idNumber[16]) % 2 === 1);
        }
        expect(h.members.filter((m) => m.relation === 'head')).toHaveLength(1);
        if (h.category === 'dibao') expect(Y).toBeLessThan(n * S);
        if (h.category === 'dibao_edge') {
          expect(Y).toBeGreaterThanOrEqual(n * S);
          expect(Y).toBeLessThan(n * S * std.edgeMultiplier);
        }
        if (h.category === 'rigid_expense') {
          expect(Y).toBeGreaterThanOrEqual(n * S * std.edgeMultiplier);
          expect(Y * 12).toBeLessThan(n * std.disposableMonthly[h.residence] * 12);
          expect(h.members.some((m) => m.seriousIllness)).toBe(true);
        }
        if (h.category === 'relapse_monitor') expect(h.residence).toBe('rural');
        for (const [i, c] of h.personCategories) {
          if (c !== 'tekun') continue;
          const m = h.members[i]!;
          const age = ageOn(m.idNumber as IdNumber, DEMO_AS_OF);
          expect(age >= std.elderlyAge || age < std.minorAge || isSevere(m)).toBe(true);
          expect(m.labor).toBe('none');
          expect(m.supporter).not.toBe('able');
          expect(m.incomeFen).toBeLessThan(S);
        }
      }
    }
  });
});

describe('the mix and the map', () => {
  it('comes out near 低保 60%, 特困 7%, 低保边缘 9%, 防止返贫 5%, 刚性支出 3%, 其他 16% of people', () => {
    const quotas = allocate(seedVillages, 60_000, 'mix', PEOPLE_PER_HOUSEHOLD);
    const gen = generateBatches(
      {
        quotas,
        seed: 'mix',
        firstHouseholdId: 1,
        firstPersonId: 1,
        firstMembershipId: 1,
        firstCategoryId: 1,
        firstMonitoringId: 1,
      },
      generateKeys(),
      book,
    );
    let r = gen.next();
    let people = 0;
    while (!r.done) {
      people = r.value.people;
      r = gen.next();
    }
    expect(people).toBeGreaterThan(55_000);
    expect(people).toBeLessThan(65_000);
    const byCat = new Array(ALL_INDEX + 1).fill(0);
    for (const [, c] of r.value) for (let i = 0; i <= ALL_INDEX; i++) byCat[i] += c[2 * i + 1]!;
    const share = (cat: string) =>
      byCat[CATEGORIES.indexOf(cat as (typeof CATEGORIES)[number])] / byCat[ALL_INDEX];
    expect(share('dibao')).toBeGreaterThan(0.55);
    expect(share('dibao')).toBeLessThan(0.66);
    expect(share('tekun')).toBeGreaterThan(0.055);
    expect(share('tekun')).toBeLessThan(0.085);
    expect(share('dibao_edge')).toBeGreaterThan(0.07);
    expect(share('dibao_edge')).toBeLessThan(0.12);
    expect(share('relapse_monitor')).toBeGreaterThan(0.035);
    expect(share('relapse_monitor')).toBeLessThan(0.065);
    expect(share('rigid_expense')).toBeGreaterThan(0.02);
    expect(share('rigid_expense')).toBeLessThan(0.04);
    expect(share('other')).toBeGreaterThan(0.13);
    expect(share('other')).toBeLessThan(0.2);
  });

  it('gives each demo town a few hundred people at the small size', () => {
    const quotas = allocate(seedVillages, 20_000, 'doudi-demo-1', PEOPLE_PER_HOUSEHOLD);
    for (const town of demoTownPrefixes()) {
      const households = quotas.filter((q) => q.code.startsWith(town)).reduce((s, q) => s + q.households, 0);
      expect(households * PEOPLE_PER_HOUSEHOLD, town).toBeGreaterThan(200);
    }
    const total = quotas.reduce((s, q) => s + q.households, 0);
    expect(total * PEOPLE_PER_HOUSEHOLD).toBeGreaterThan(19_000);
  });
});

describe('loaded into the database', () => {
  let db: TestDb;
  let other: TestDb;
  const keys = makeKeys('00112233445566778899aabbccddeeff', 'ab'.repeat(32));

  beforeAll(async () => {
    [db, other] = await Promise.all([openTestDb(), openTestDb()]);
    await Promise.all([loadTestRegions(db), loadTestRegions(other)]);
  });
  afterAll(async () => {
    await Promise.all([db.dispose(), other.dispose()]);
  });

  /** Everything but the ciphertexts (fresh IV each time) and timestamps, with ID numbers decrypted. */
  async function snapshot(d: TestDb): Promise<string> {
    const people = await d.query<{ id_cipher: Uint8Array; household_no: string; rest: string }>(
      `SELECT p.id_cipher, h.household_no, concat_ws('|', p.name, p.sex, p.birth_date, p.relation, p.monthly_income_fen,
         p.labor_capacity, p.disability_grade, p.disability_type, p.serious_illness, p.student_stage, p.employed,
         p.care_level, p.supporter, p.id_mask, encode(p.id_index, 'hex'), h.address, h.residence) AS rest
       FROM persons p JOIN households h ON h.id = p.household_id ORDER BY h.household_no, p.id`,
    );
    const cats = await d.query<{ s: string }>(
      `SELECT string_agg(concat_ws('|', h.household_no, c.person_id IS NULL, c.category, c.status, c.from_date, c.policy_id), ','
         ORDER BY h.household_no, c.category, c.status) AS s
       FROM category_assignments c JOIN households h ON h.id = c.household_id`,
    );
    const stats = await d.query<{ s: string }>(
      `SELECT string_agg(concat_ws('|', village_code, category, households, people), ',' ORDER BY village_code, category) AS s
       FROM stats_village_category`,
    );
    return [
      ...people.map((p) => `${p.household_no}|${decryptId(keys, p.id_cipher)}|${p.rest}`),
      cats[0]!.s,
      stats[0]!.s,
    ].join('\n');
  }

  it('is deterministic by seed, and idempotent', async () => {
    const a = await loadDemoPopulation(db, keys, 3000, { seed: 'same' });
    const b = await loadDemoPopulation(other, keys, 3000, { seed: 'same' });
    expect(a.skipped).toBe(false);
    expect(b.skipped).toBe(false);
    const snap = await snapshot(db);
    expect(snap.split('\n').length).toBeGreaterThan(2500);
    expect(await snapshot(other)).toBe(snap);
    expect((await loadDemoPopulation(db, keys, 3000, { seed: 'same' })).skipped).toBe(true);
    // Another seed gives another population (replacing the previous demo population).
    const c = await loadDemoPopulation(other, keys, 3000, { seed: 'other' });
    expect(c).toMatchObject({ skipped: false, replaced: true });
    expect(await snapshot(other)).not.toBe(snap);
    const [n] = await other.query<{ n: number }>('SELECT count(*)::int AS n FROM persons');
    expect(n!.n).toBeLessThan(3400);
  });

  it('stores no ID number in clear in any column of any table', async () => {
    // Some reads, edits and an audit trail on top of the demo load.
    const [p] = await db.query<{ id: number; household_id: number; id_cipher: Uint8Array }>(
      'SELECT id, household_id, id_cipher FROM persons ORDER BY id LIMIT 1',
    );
    const clear = decryptId(keys, p!.id_cipher);
    await db.query(
      `INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_name, source, reason)
       VALUES ($1, 'person', $2, 'idNumber', to_jsonb($3::text), to_jsonb($3::text), 't', 'home_visit', 't')`,
      [p!.household_id, p!.id, `${clear.slice(0, 3)}***********${clear.slice(-4)}`],
    );
    const cols = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND data_type IN ('text', 'character', 'character varying', 'jsonb', 'bytea', 'json')`,
    );
    expect(cols.length).toBeGreaterThan(20);
    const pattern = '(^|[^0-9])[0-9]{17}[0-9Xx]([^0-9]|$)';
    for (const c of cols) {
      const expr =
        c.data_type === 'bytea' ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`;
      const hits = await db.query<{ v: string }>(
        `SELECT ${expr} AS v FROM "${c.table_name}" WHERE ${expr} ~ $1 LIMIT 1000`,
        [pattern],
      );
      // Hex hashes (audit chain, blind indexes as text) hold 18-digit runs by chance: only a run that
      // is a valid ID number (real birth date and check digit) counts.
      const ids = hits
        .flatMap((h) => h.v.toUpperCase().match(/(?<![0-9])[0-9]{17}[0-9X](?![0-9])/g) ?? [])
        .filter((x) => idNumberProblem(x) === null);
      expect(ids.length, `${c.table_name}.${c.column_name}`).toBe(0);
    }
    // And the ciphertext really is one: no plain digits of a sampled ID number inside.
    expect(Buffer.from(p!.id_cipher).toString('latin1')).not.toContain(clear.slice(6, 14));
  });

  it.runIf(usingPostgres())('pg_dump of the database contains no ID number in clear', async () => {
    const [{ db: name }] = (await db.query<{ db: string }>('SELECT current_database() AS db')) as [
      { db: string },
    ];
    let dump: string;
    try {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      dump = execFileSync('pg_dump', ['--data-only', url.toString()], { maxBuffer: 1 << 30 }).toString(
        'utf8',
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // pg_dump not installed
      throw e;
    }
    expect(dump).toContain('COPY public.persons');
    // bytea appears as \x… hex, where digit runs occur by chance: drop those tokens first.
    const text = dump.replace(/\\\\x[0-9a-f]+/g, '');
    const hits = text.match(/(?<![0-9])[0-9]{17}[0-9X](?![0-9])/g) ?? [];
    expect(hits.filter((h) => idNumberProblem(h) === null)).toEqual([]);
  });
});

describe('the work is split between generator threads', () => {
  it('cuts at county boundaries into id ranges that never collide', () => {
    const quotas = allocate(seedVillages, 60_000, 'split', PEOPLE_PER_HOUSEHOLD);
    const input = {
      quotas,
      seed: 'split',
      firstHouseholdId: 11,
      firstPersonId: 21,
      firstMembershipId: 31,
      firstCategoryId: 41,
      firstMonitoringId: 51,
    };
    const parts = partition(input, 2);
    expect(parts).toHaveLength(2);
    expect(parts.flatMap((p) => p.quotas)).toEqual(quotas);
    const [a, b] = parts as [typeof input, typeof input];
    expect(a.quotas.at(-1)!.code.slice(0, 6)).not.toBe(b.quotas[0]!.code.slice(0, 6));
    const keys = generateKeys();
    const ids = (part: typeof input) => {
      const seen = { households: [] as number[], persons: [] as number[], categories: [] as number[] };
      const gen = generateBatches(part, keys, book);
      for (let r = gen.next(); !r.done; r = gen.next()) {
        const col0 = (u: Uint8Array) => firstInt8Column(Buffer.from(u));
        seen.households.push(...col0(r.value.households));
        seen.persons.push(...col0(r.value.persons));
        seen.categories.push(...col0(r.value.categories));
      }
      return seen;
    };
    const x = ids(a);
    const y = ids(b);
    // Households follow on exactly; the other ids start past the most the first part can use.
    expect(y.households[0]).toBe(x.households.at(-1)! + 1);
    expect(Math.min(...y.persons)).toBeGreaterThan(Math.max(...x.persons));
    expect(Math.min(...y.categories)).toBeGreaterThan(Math.max(...x.categories));
    expect(x.persons[0]).toBe(21);
  });
});

/** The first column (an int8) of every row of a binary COPY stream. */
function firstInt8Column(b: Buffer): number[] {
  const out: number[] = [];
  if (b.length === 0) return out;
  let p = 19; // signature, flags, header extension length
  for (;;) {
    const fields = b.readInt16BE(p);
    p += 2;
    if (fields === -1) return out;
    for (let f = 0; f < fields; f++) {
      const len = b.readInt32BE(p);
      p += 4;
      if (f === 0) out.push(Number(b.readBigInt64BE(p)));
      if (len > 0) p += len;
    }
  }
}
