import { BinaryCopyWriter } from '../../db/copy-binary.ts';
import type { Queryable } from '../../db/types.ts';

export type CountRow = { village_code: string; category: string; households: number; people: number };

/** Statuses counted as "in the category" (keep in step with households/schema COUNTED_STATUSES). */
const COUNTED = `('active', 'gradual_exit')`;

/**
 * Recounts villages from the base tables. A household is in a category when it has a household-level
 * assignment of it or a living member has a person-level one; a person when their household has it
 * or they have it themselves. `_all` counts each household and person once.
 * `villages` null = every village (full rebuild).
 */
export async function countVillages(q: Queryable, villages: readonly string[] | null): Promise<CountRow[]> {
  const filter = villages ? 'WHERE h.region_code = ANY($1::bpchar[])' : '';
  return q.query<CountRow>(
    `WITH mem AS (
       SELECT p.id AS person_id, p.household_id, h.region_code
       FROM households h JOIN persons p ON p.household_id = h.id
       ${filter} ${filter ? 'AND' : 'WHERE'} p.death_date IS NULL
     ),
     pc AS (
       SELECT m.region_code, m.household_id, m.person_id, c.category
       FROM mem m JOIN category_assignments c ON c.household_id = m.household_id
       WHERE c.person_id IS NULL AND c.status IN ${COUNTED}
       UNION
       SELECT m.region_code, m.household_id, m.person_id, c.category
       FROM mem m JOIN category_assignments c ON c.person_id = m.person_id
       WHERE c.status IN ${COUNTED}
     )
     SELECT region_code AS village_code, coalesce(category, '_all') AS category,
       count(DISTINCT household_id)::int AS households, count(DISTINCT person_id)::int AS people
     FROM pc GROUP BY GROUPING SETS ((region_code, category), (region_code))`,
    villages ? [villages] : [],
  );
}

/** Recounts many villages in one pass through a temporary table of their codes. */
export async function recountMany(q: Queryable, villages: readonly string[]): Promise<void> {
  await q.query(
    'CREATE TEMP TABLE IF NOT EXISTS recount_villages (code char(12) PRIMARY KEY) ON COMMIT DROP',
  );
  await q.query('DELETE FROM recount_villages');
  await q.copyFrom('recount_villages', ['code'], `${villages.join('\n')}\n`);
  await q.query('ANALYZE recount_villages');
  await q.query(
    `DELETE FROM stats_village_category s USING recount_villages v WHERE s.village_code = v.code`,
  );
  await q.query(
    `INSERT INTO stats_village_category (village_code, category, households, people)
     WITH mem AS (
       SELECT p.id AS person_id, p.household_id, h.region_code
       FROM recount_villages v JOIN households h ON h.region_code = v.code
       JOIN persons p ON p.household_id = h.id WHERE p.death_date IS NULL
     ),
     pc AS (
       SELECT m.region_code, m.household_id, m.person_id, c.category
       FROM mem m JOIN category_assignments c ON c.household_id = m.household_id
       WHERE c.person_id IS NULL AND c.status IN ${COUNTED}
       UNION
       SELECT m.region_code, m.household_id, m.person_id, c.category
       FROM mem m JOIN category_assignments c ON c.person_id = m.person_id
       WHERE c.status IN ${COUNTED}
     )
     SELECT region_code, coalesce(category, '_all'), count(DISTINCT household_id)::int, count(DISTINCT person_id)::int
     FROM pc GROUP BY GROUPING SETS ((region_code, category), (region_code))`,
  );
}

export async function deleteVillages(q: Queryable, villages: readonly string[] | null): Promise<void> {
  if (villages === null) await q.query('DELETE FROM stats_village_category');
  else await q.query('DELETE FROM stats_village_category WHERE village_code = ANY($1::bpchar[])', [villages]);
}

export async function insertRows(q: Queryable, rows: readonly CountRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length < 200) {
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(r.village_code, r.category, r.households, r.people);
      return `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`;
    });
    await q.query(
      `INSERT INTO stats_village_category (village_code, category, households, people) VALUES ${tuples.join(',')}`,
      values,
    );
    return;
  }
  // Binary COPY: typed fields, nothing for either side to format or parse (a demo load writes
  // about 200,000 rows per million people).
  const w = new BinaryCopyWriter(rows.length * 48 + 64);
  for (const r of rows) w.row(4).ascii(r.village_code).text(r.category).int4(r.households).int4(r.people);
  await q.copyFrom('stats_village_category', ['village_code', 'category', 'households', 'people'], w.take(), {
    format: 'binary',
  });
}

/** Adds to the counts (rows not there yet are created). */
export async function addRows(q: Queryable, rows: readonly CountRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO stats_village_category AS s (village_code, category, households, people)
     SELECT * FROM unnest($1::bpchar[], $2::text[], $3::int[], $4::int[])
     ON CONFLICT (village_code, category) DO UPDATE SET households = s.households + excluded.households,
       people = s.people + excluded.people, updated_at = now()`,
    [
      rows.map((r) => r.village_code),
      rows.map((r) => r.category),
      rows.map((r) => r.households),
      rows.map((r) => r.people),
    ],
  );
}

export type Range = { code: string; lo: string; hi: string };

/** Sums per range (child regions) and category. */
export async function sumByRanges(
  q: Queryable,
  ranges: readonly Range[],
): Promise<Array<{ code: string; category: string; households: number; people: number }>> {
  if (ranges.length === 0) return [];
  return q.query(
    `SELECT k.code, s.category, sum(s.households)::int AS households, sum(s.people)::int AS people
     FROM unnest($1::text[], $2::bpchar[], $3::bpchar[]) AS k(code, lo, hi)
     JOIN stats_village_category s ON s.village_code BETWEEN k.lo AND k.hi
     GROUP BY k.code, s.category`,
    [ranges.map((r) => r.code), ranges.map((r) => r.lo), ranges.map((r) => r.hi)],
  );
}

export async function sumRange(
  q: Queryable,
  lo: string,
  hi: string,
): Promise<{
  rows: Array<{ category: string; households: number; people: number }>;
  updatedAt: Date | null;
}> {
  const rows = await q.query<{
    category: string;
    households: number;
    people: number;
    updated_at: Date | null;
  }>(
    `SELECT category, sum(households)::int AS households, sum(people)::int AS people, max(updated_at) AS updated_at
     FROM stats_village_category WHERE village_code BETWEEN $1::bpchar AND $2::bpchar GROUP BY category`,
    [lo, hi],
  );
  let updatedAt: Date | null = null;
  for (const r of rows) {
    const at = r.updated_at ? new Date(r.updated_at) : null;
    if (at && (!updatedAt || at > updatedAt)) updatedAt = at;
  }
  return { rows, updatedAt };
}
