/**
 * Reads of the low-income database (households module's tables) that monitoring needs in bulk: the
 * households of a run chunk with their current members and the categories in force, and the names
 * and masks the presenters show. Read-only; changes go through the households module.
 */
import type { Queryable } from '../../db/types.ts';

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

export async function householdsByIds(q: Queryable, ids: readonly number[]): Promise<RunHousehold[]> {
  return q.query<RunHousehold>(
    'SELECT id, region_code, residence FROM households WHERE id = ANY($1::bigint[])',
    [ids],
  );
}

export async function membersOfHouseholds(q: Queryable, ids: readonly number[]): Promise<RunMember[]> {
  return q.query<RunMember>(
    `SELECT id, household_id, relation, birth_date, monthly_income_fen, labor_capacity, disability_grade,
       disability_type, serious_illness, student_stage, employed, care_level, supporter, death_date
     FROM persons WHERE household_id = ANY($1::bigint[]) ORDER BY household_id, id`,
    [ids],
  );
}

/** Household- and person-level categories in force on `date` (active or in 渐退期). */
export async function categoriesInForce(
  q: Queryable,
  householdIds: readonly number[],
  personIds: readonly number[],
  date: string,
): Promise<RunCategory[]> {
  const inForce = `c.status IN ('active', 'gradual_exit') AND c.from_date <= $3
    AND (c.to_date IS NULL OR c.to_date >= $3)`;
  return q.query<RunCategory>(
    `SELECT c.household_id, c.person_id, c.category, c.from_date
     FROM category_assignments c WHERE c.household_id = ANY($1::bigint[]) AND c.person_id IS NULL AND ${inForce}
     UNION ALL
     SELECT c.household_id, c.person_id, c.category, c.from_date
     FROM category_assignments c WHERE c.person_id = ANY($2::bigint[]) AND ${inForce}`,
    [householdIds, personIds, date],
  );
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
