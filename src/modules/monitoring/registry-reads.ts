/**
 * Reads of the low-income database (households module's tables) that monitoring needs in bulk: the
 * households of a run chunk with their current members and the categories in force, and the names
 * and masks the presenters show. Read-only; changes go through the households module.
 */
import type { Queryable } from '../../db/types.ts';
import { type IdSelection, idCondition, keep, selectIds } from './id-selection.ts';

export type RunHousehold = { id: number; region_code: string; residence: 'urban' | 'rural' };

/** What the warning rules read of a member (the household snapshot). */
export type RunMember = {
  id: number;
  household_id: number;
  relation: string;
  monthly_income_fen: number;
  labor_capacity: 'none' | 'partial' | 'full';
  disability_grade: number | null;
  disability_type: string | null;
  serious_illness: boolean;
  employed: boolean;
  death_date: string | null;
};

/** A member with what the assessment engine reads besides (政策未落实, the demo's feeds). */
export type RegistryMember = RunMember & {
  birth_date: string;
  student_stage: string | null;
  care_level: string | null;
  supporter: string;
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

const RUN_MEMBER_COLUMNS = `id, household_id, relation, monthly_income_fen, labor_capacity, disability_grade,
  disability_type, serious_illness, employed, death_date`;

/** The current members of the households, in household and person order. */
export async function membersOfHouseholds(
  q: Queryable,
  ids: readonly number[] | IdSelection,
): Promise<RegistryMember[]> {
  return members<RegistryMember>(
    q,
    ids,
    `${RUN_MEMBER_COLUMNS}, birth_date, student_stage, care_level, supporter`,
  );
}

/**
 * The same with only what the warning rules read: a run reads every member of a million households,
 * and each column is parsed a million times.
 */
export async function runMembersOfHouseholds(
  q: Queryable,
  ids: readonly number[] | IdSelection,
): Promise<RunMember[]> {
  return members<RunMember>(q, ids, RUN_MEMBER_COLUMNS);
}

async function members<M extends RunMember>(
  q: Queryable,
  ids: readonly number[] | IdSelection,
  columns: string,
): Promise<M[]> {
  const sel = selection(ids);
  const c = idCondition('household_id', sel, 1);
  const rows = await q.query<M>(
    `SELECT ${columns} FROM persons WHERE ${c.sql} ORDER BY household_id, id`,
    c.params,
  );
  return keep(sel, rows, (r) => r.household_id);
}

const IN_FORCE = `c.status IN ('active', 'gradual_exit') AND c.from_date <= $1
  AND (c.to_date IS NULL OR c.to_date >= $1)`;

/** Household- and person-level categories in force on `date` (active or in 渐退期). */
export async function categoriesInForce(
  q: Queryable,
  householdIds: readonly number[] | IdSelection,
  personIds: readonly number[] | IdSelection,
  date: string,
): Promise<RunCategory[]> {
  const [own, ofMembers] = await Promise.all([
    householdCategoriesInForce(q, householdIds, date),
    memberCategoriesInForce(q, personIds, date),
  ]);
  return own.concat(ofMembers);
}

/** Household-level categories in force on `date`. */
export async function householdCategoriesInForce(
  q: Queryable,
  householdIds: readonly number[] | IdSelection,
  date: string,
): Promise<RunCategory[]> {
  const hs = selection(householdIds);
  const h = idCondition('c.household_id', hs, 2);
  const own = await q.query<RunCategory>(
    `SELECT c.household_id, c.person_id, c.category, c.from_date
     FROM category_assignments c WHERE ${h.sql} AND c.person_id IS NULL AND ${IN_FORCE}`,
    [date, ...h.params],
  );
  return keep(hs, own, (r) => r.household_id);
}

/** Person-level categories (特困 supported alone, 单人户 低保) of these people in force on `date`. */
export async function memberCategoriesInForce(
  q: Queryable,
  personIds: readonly number[] | IdSelection,
  date: string,
): Promise<RunCategory[]> {
  const ps = selection(personIds);
  if (ps.ids.length === 0) return [];
  const p = idCondition('c.person_id', ps, 2);
  const rows = await q.query<RunCategory>(
    `SELECT c.household_id, c.person_id, c.category, c.from_date
     FROM category_assignments c WHERE ${p.sql} AND c.person_id IS NOT NULL AND ${IN_FORCE}`,
    [date, ...p.params],
  );
  return keep(ps, rows, (r) => r.person_id);
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
