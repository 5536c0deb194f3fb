/**
 * Reads of the low-income database (households module's tables) that monitoring needs in bulk: the
 * households of a run chunk with their current members and the categories in force, and the names
 * and masks the presenters show. Read-only; changes go through the households module.
 */
import type { Queryable } from '../../db/types.ts';
import { type IdSelection, idCondition, keep, selectIds } from './id-selection.ts';

export type RunHousehold = { id: number; region_code: string; residence: 'urban' | 'rural' };

export type RunMember = {
  id: number;
  household_id: number;
  relation: string;
  birth_date: string;
  monthly_income_fen: number;
  labor_capacity: 'none' | 'partial' | 'full';
  disability_grade: number | null;
  disability_type: string | null;
  serious_illness: boolean;
  student_stage: string | null;
  employed: boolean;
  care_level: string | null;
  supporter: string;
  death_date: string | null;
};

export type RunCategory = {
  household_id: number;
  person_id: number | null;
  category: string;
  from_date: string;
};

/** The next chunk of household ids of a full run, after `cursor`. */
export async function nextHouseholdIds(q: Queryable, cursor: number, limit: number): Promise<number[]> {
  const rows = await q.query<{ id: number }>('SELECT id FROM households WHERE id > $1 ORDER BY id LIMIT $2', [
    cursor,
    limit,
  ]);
  return rows.map((r) => r.id);
}

export async function countHouseholds(q: Queryable): Promise<number> {
  const [r] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM households');
  return r!.n;
}

const selection = (ids: readonly number[] | IdSelection): IdSelection =>
  Array.isArray(ids) ? selectIds(ids) : (ids as IdSelection);

export async function householdsByIds(
  q: Queryable,
  ids: readonly number[] | IdSelection,
): Promise<RunHousehold[]> {
  const sel = selection(ids);
  const c = idCondition('id', sel, 1);
  const rows = await q.query<RunHousehold>(
    `SELECT id, region_code, residence FROM households WHERE ${c.sql}`,
    c.params,
  );
  return keep(sel, rows, (r) => r.id);
}

export async function membersOfHouseholds(
  q: Queryable,
  ids: readonly number[] | IdSelection,
): Promise<RunMember[]> {
  const sel = selection(ids);
  const c = idCondition('household_id', sel, 1);
  const rows = await q.query<RunMember>(
    `SELECT id, household_id, relation, birth_date, monthly_income_fen, labor_capacity, disability_grade,
       disability_type, serious_illness, student_stage, employed, care_level, supporter, death_date
     FROM persons WHERE ${c.sql} ORDER BY household_id, id`,
    c.params,
  );
  return keep(sel, rows, (r) => r.household_id);
}

/** Household- and person-level categories in force on `date` (active or in 渐退期). */
export async function categoriesInForce(
  q: Queryable,
  householdIds: readonly number[] | IdSelection,
  personIds: readonly number[] | IdSelection,
  date: string,
): Promise<RunCategory[]> {
  const hs = selection(householdIds);
  const ps = selection(personIds);
  const inForce = `c.status IN ('active', 'gradual_exit') AND c.from_date <= $1
    AND (c.to_date IS NULL OR c.to_date >= $1)`;
  const h = idCondition('c.household_id', hs, 2);
  const own = await q.query<RunCategory>(
    `SELECT c.household_id, c.person_id, c.category, c.from_date
     FROM category_assignments c WHERE ${h.sql} AND c.person_id IS NULL AND ${inForce}`,
    [date, ...h.params],
  );
  if (ps.ids.length === 0) return keep(hs, own, (r) => r.household_id);
  const p = idCondition('c.person_id', ps, 2);
  const ofMembers = await q.query<RunCategory>(
    `SELECT c.household_id, c.person_id, c.category, c.from_date
     FROM category_assignments c WHERE ${p.sql} AND c.person_id IS NOT NULL AND ${inForce}`,
    [date, ...p.params],
  );
  return [...keep(hs, own, (r) => r.household_id), ...keep(ps, ofMembers, (r) => r.person_id)];
}

export type PersonBrief = {
  id: number;
  name: string;
  id_mask: string;
  relation: string;
  death_date: string | null;
  household_id: number | null;
};

export async function personsBrief(q: Queryable, ids: readonly number[]): Promise<PersonBrief[]> {
  if (ids.length === 0) return [];
  return q.query<PersonBrief>(
    'SELECT id, name, id_mask, relation, death_date, household_id FROM persons WHERE id = ANY($1::bigint[])',
    [ids],
  );
}

export type HouseholdBrief = {
  id: number;
  household_no: string;
  region_code: string;
  head_person_id: number | null;
  head_name: string | null;
  version: number;
};

export async function householdsBrief(q: Queryable, ids: readonly number[]): Promise<HouseholdBrief[]> {
  if (ids.length === 0) return [];
  return q.query<HouseholdBrief>(
    `SELECT h.id, h.household_no, h.region_code, h.head_person_id, p.name AS head_name, h.version
     FROM households h LEFT JOIN persons p ON p.id = h.head_person_id WHERE h.id = ANY($1::bigint[])`,
    [ids],
  );
}

/** Names of regions by code (for lists). */
export async function regionNames(q: Queryable, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const rows = await q.query<{ code: string; name: string }>(
    'SELECT code, name FROM regions WHERE code = ANY($1::bpchar[])',
    [unique],
  );
  return new Map(rows.map((r) => [r.code, r.name]));
}
