/**
 * SQL of registry search. Every query is bounded by a region code range (the caller's scope or a
 * narrower region inside it), and each path has its index: the blind index for ID numbers,
 * (name text_pattern_ops, region_code) for names, the unique household number, and
 * (region_code, id) for browsing a region.
 */
import type { Queryable } from '../../db/types.ts';
import type { Category } from './schema.ts';

export type Range = { lo: string; hi: string };
export type Page = { limit: number; offset: number };

/** Counts stop here: an exact count of millions is slow and nobody pages that far. */
export const COUNT_CAP = 10_000;

const COUNTED = `('active', 'gradual_exit')`;

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A household has the category itself, or through one of its current members. */
const categoryFilter = (param: string) => `(
  EXISTS (SELECT 1 FROM category_assignments c WHERE c.household_id = h.id AND c.person_id IS NULL
          AND c.category = ${param} AND c.status IN ${COUNTED})
  OR EXISTS (SELECT 1 FROM persons pm JOIN category_assignments c ON c.person_id = pm.id
          WHERE pm.household_id = h.id AND c.category = ${param} AND c.status IN ${COUNTED}))`;

export type Match = { household_id: number; person_id: number | null };

async function capped(q: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${sql} LIMIT ${COUNT_CAP + 1}) t`,
    params,
  );
  return r!.n;
}

export async function byIdIndex(q: Queryable, idIndex: Buffer, range: Range): Promise<Match[]> {
  return q.query<Match>(
    `SELECT household_id, id AS person_id FROM persons
     WHERE id_index = $1 AND region_code BETWEEN $2::bpchar AND $3::bpchar AND household_id IS NOT NULL`,
    [idIndex, range.lo, range.hi],
  );
}

export async function byName(
  q: Queryable,
  name: string,
  range: Range,
  category: Category | null,
  page: Page,
): Promise<{ rows: Match[]; total: number }> {
  const params: unknown[] = [likePrefix(name), range.lo, range.hi];
  let where = `p.name LIKE $1 AND p.region_code BETWEEN $2::bpchar AND $3::bpchar AND p.household_id IS NOT NULL`;
  if (category) {
    params.push(category);
    where += ` AND EXISTS (SELECT 1 FROM households h WHERE h.id = p.household_id AND ${categoryFilter('$4')})`;
  }
  const base = `SELECT p.household_id, p.id AS person_id FROM persons p WHERE ${where}`;
  const rows = await q.query<Match>(
    `${base} ORDER BY p.name, p.region_code, p.id LIMIT ${page.limit} OFFSET ${page.offset}`,
    params,
  );
  return { rows, total: await capped(q, base, params) };
}

export async function byHouseholdNo(
  q: Queryable,
  no: string,
  range: Range,
  page: Page,
): Promise<{ rows: Match[]; total: number }> {
  const params = [likePrefix(no), range.lo, range.hi];
  const base = `SELECT h.id AS household_id, NULL::bigint AS person_id FROM households h
    WHERE h.household_no LIKE $1 AND h.region_code BETWEEN $2::bpchar AND $3::bpchar`;
  const rows = await q.query<Match>(
    `${base} ORDER BY h.household_no LIMIT ${page.limit} OFFSET ${page.offset}`,
    params,
  );
  return { rows, total: await capped(q, base, params) };
}

export async function byRegion(
  q: Queryable,
  range: Range,
  category: Category | null,
  page: Page,
  after?: { region: string; id: number },
): Promise<{ rows: Match[]; total: number }> {
  const params: unknown[] = [range.lo, range.hi];
  let where = 'h.region_code BETWEEN $1::bpchar AND $2::bpchar';
  if (category) {
    params.push(category);
    where += ` AND ${categoryFilter(`$${params.length}`)}`;
  }
  const base = `SELECT h.id AS household_id, NULL::bigint AS person_id, h.region_code FROM households h WHERE ${where}`;
  let keyset = '';
  const pageParams = [...params];
  if (after) {
    pageParams.push(after.region, after.id);
    keyset = ` AND (h.region_code, h.id) > ($${pageParams.length - 1}::bpchar, $${pageParams.length}::bigint)`;
  }
  const rows = await q.query<Match>(
    `${base}${keyset} ORDER BY h.region_code, h.id LIMIT ${page.limit} OFFSET ${after ? 0 : page.offset}`,
    pageParams,
  );
  return { rows, total: after ? -1 : await capped(q, base, params) };
}

export type SummaryRow = {
  id: number;
  household_no: string;
  region_code: string;
  region_name: string | null;
  residence: string;
  address: string;
  head_person_id: number | null;
  head_name: string | null;
  head_mask: string | null;
  members: number;
  categories: Category[];
  monitored: boolean;
};

/** One line per household for result lists. */
export async function summaries(q: Queryable, ids: readonly number[], today: string): Promise<SummaryRow[]> {
  if (ids.length === 0) return [];
  return q.query<SummaryRow>(
    `SELECT h.id, h.household_no, h.region_code, r.name AS region_name, h.residence, h.address, h.head_person_id,
       hp.name AS head_name, hp.id_mask AS head_mask,
       (SELECT count(*) FROM persons p WHERE p.household_id = h.id AND p.death_date IS NULL)::int AS members,
       ARRAY(SELECT c.category FROM category_assignments c
               WHERE c.household_id = h.id AND c.person_id IS NULL AND c.status IN ${COUNTED}
             UNION
             SELECT c.category FROM persons p JOIN category_assignments c ON c.person_id = p.id
               WHERE p.household_id = h.id AND c.status IN ${COUNTED}
             ORDER BY 1) AS categories,
       EXISTS (SELECT 1 FROM monitoring_entries m WHERE m.household_id = h.id AND m.closed_at IS NULL
               AND (m.until_date IS NULL OR m.until_date >= $2::date)) AS monitored
     FROM households h
     LEFT JOIN persons hp ON hp.id = h.head_person_id
     LEFT JOIN regions r ON r.code = h.region_code
     WHERE h.id = ANY($1::bigint[])`,
    [ids, today],
  );
}

export async function personsBrief(
  q: Queryable,
  ids: readonly number[],
): Promise<Array<{ id: number; name: string; id_mask: string }>> {
  if (ids.length === 0) return [];
  return q.query('SELECT id, name, id_mask FROM persons WHERE id = ANY($1::bigint[])', [ids]);
}
