/**
 * Reads of the low-income database (households module's tables) that monitoring needs in bulk: the
 * households of a run chunk with their current members and the categories in force, and the names
 * and masks the presenters show. Read-only; changes go through the households module.
 */

import { CopyTextReader, sqlDate } from '../../db/copy-text.ts';
import type { Queryable } from '../../db/types.ts';
import { type IdSelection, idConditionText, keep, selectIds } from './id-selection.ts';

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
  const r = new CopyTextReader(
    await q.copyTo(`SELECT id, region_code, residence FROM households WHERE ${idConditionText('id', sel)}`),
  );
  const out: RunHousehold[] = [];
  while (r.more()) {
    out.push({ id: r.int(), region_code: r.text(), residence: r.text() as RunHousehold['residence'] });
  }
  return keep(sel, out, (h) => h.id);
}

/**
 * The current members of the households, in household and person order. Read as COPY text (see
 * db/copy-text.ts): a run reads the members of a million households.
 */
export async function membersOfHouseholds(
  q: Queryable,
  ids: readonly number[] | IdSelection,
): Promise<RegistryMember[]> {
  const sel = selection(ids);
  const r = await members(q, sel, ', birth_date, student_stage, care_level, supporter');
  const out: RegistryMember[] = [];
  while (r.more()) {
    const m = runMember(r) as RegistryMember;
    m.birth_date = r.text();
    m.student_stage = r.textOrNull();
    m.care_level = r.textOrNull();
    m.supporter = r.text();
    out.push(m);
  }
  return keep(sel, out, (m) => m.household_id);
}

/** The same with only what the warning rules read. */
export async function runMembersOfHouseholds(
  q: Queryable,
  ids: readonly number[] | IdSelection,
): Promise<RunMember[]> {
  const sel = selection(ids);
  const r = await members(q, sel, '');
  const out: RunMember[] = [];
  while (r.more()) out.push(runMember(r));
  return keep(sel, out, (m) => m.household_id);
}

async function members(q: Queryable, sel: IdSelection, more: string): Promise<CopyTextReader> {
  return new CopyTextReader(
    await q.copyTo(
      `SELECT id, household_id, relation, monthly_income_fen, labor_capacity, disability_grade, disability_type,
         serious_illness, employed, death_date${more}
       FROM persons WHERE ${idConditionText('household_id', sel)} ORDER BY household_id, id`,
    ),
  );
}

/** The fields of `members` in their order. */
function runMember(r: CopyTextReader): RunMember {
  return {
    id: r.int(),
    household_id: r.int(),
    relation: r.text(),
    monthly_income_fen: r.int(),
    labor_capacity: r.text() as RunMember['labor_capacity'],
    disability_grade: r.intOrNull(),
    disability_type: r.textOrNull(),
    serious_illness: r.bool(),
    employed: r.bool(),
    death_date: r.textOrNull(),
  };
}

const inForce = (date: string) => `c.status IN ('active', 'gradual_exit') AND c.from_date <= ${sqlDate(date)}
  AND (c.to_date IS NULL OR c.to_date >= ${sqlDate(date)})`;

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
  const rows = await categories(
    q,
    `${idConditionText('c.household_id', hs)} AND c.person_id IS NULL AND ${inForce(date)}`,
  );
  return keep(hs, rows, (r) => r.household_id);
}

/** Person-level categories (特困 supported alone, 单人户 低保) of these people in force on `date`. */
export async function memberCategoriesInForce(
  q: Queryable,
  personIds: readonly number[] | IdSelection,
  date: string,
): Promise<RunCategory[]> {
  const ps = selection(personIds);
  if (ps.ids.length === 0) return [];
  const rows = await categories(
    q,
    `${idConditionText('c.person_id', ps)} AND c.person_id IS NOT NULL AND ${inForce(date)}`,
  );
  return keep(ps, rows, (r) => r.person_id);
}

async function categories(q: Queryable, where: string): Promise<RunCategory[]> {
  const r = new CopyTextReader(
    await q.copyTo(
      `SELECT c.household_id, c.person_id, c.category, c.from_date FROM category_assignments c WHERE ${where}`,
    ),
  );
  const out: RunCategory[] = [];
  while (r.more()) {
    out.push({ household_id: r.int(), person_id: r.intOrNull(), category: r.text(), from_date: r.text() });
  }
  return out;
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
