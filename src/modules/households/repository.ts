/** All SQL of households, people, memberships, categories and monitoring entries. Takes `q` explicitly. */
import type { Queryable } from '../../db/types.ts';
import type { Category, Source } from './schema.ts';

export type HouseholdRow = {
  id: number;
  household_no: string;
  region_code: string;
  residence: 'urban' | 'rural';
  address: string;
  head_person_id: number | null;
  source: Source;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
  version: number;
};

export type PersonRow = {
  id: number;
  household_id: number | null;
  region_code: string | null;
  id_cipher: Uint8Array;
  id_mask: string;
  name: string;
  sex: 'male' | 'female';
  birth_date: string;
  relation: string;
  monthly_income_fen: number;
  labor_capacity: string;
  disability_grade: number | null;
  disability_type: string | null;
  serious_illness: boolean;
  student_stage: string | null;
  employed: boolean;
  care_level: string | null;
  supporter: string;
  death_date: string | null;
  source: Source;
  created_at: Date;
  updated_at: Date;
};

export type MembershipRow = {
  id: number;
  person_id: number;
  household_id: number;
  relation: string;
  from_date: string;
  to_date: string | null;
  reason: string | null;
};

export type CategoryRow = {
  id: number;
  household_id: number;
  person_id: number | null;
  category: Category;
  status: 'active' | 'gradual_exit' | 'suspended' | 'ended';
  from_date: string;
  to_date: string | null;
  reason: string | null;
  decision_id: string | null;
  policy_id: string | null;
  policy_version: number | null;
  source: Source;
  created_at: Date;
  updated_at: Date;
};

export type MonitoringRow = {
  id: number;
  household_id: number;
  reason: 'rejected' | 'exited' | 'relapse_monitor' | 'latent';
  from_date: string;
  until_date: string | null;
  closed_at: Date | null;
  note: string | null;
  source: Source;
  created_at: Date;
};

const HOUSEHOLD_COLS =
  'id, household_no, region_code, residence, address, head_person_id, source, created_at, updated_at, updated_by, version';
export const PERSON_COLS = `id, household_id, region_code, id_cipher, id_mask, name, sex, birth_date, relation,
  monthly_income_fen, labor_capacity, disability_grade, disability_type, serious_illness, student_stage, employed,
  care_level, supporter, death_date, source, created_at, updated_at`;

// ---------------------------------------------------------------------------------------------
// Households

export async function findHousehold(
  q: Queryable,
  id: number,
  lock = false,
): Promise<HouseholdRow | undefined> {
  const [r] = await q.query<HouseholdRow>(
    `SELECT ${HOUSEHOLD_COLS} FROM households WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r;
}

export async function findHouseholdByNo(q: Queryable, no: string): Promise<HouseholdRow | undefined> {
  const [r] = await q.query<HouseholdRow>(
    `SELECT ${HOUSEHOLD_COLS} FROM households WHERE household_no = $1`,
    [no],
  );
  return r;
}

/** The next free serial of `<village>-NNNNN` household numbers. */
export async function nextHouseholdNo(q: Queryable, village: string): Promise<string> {
  const [r] = await q.query<{ n: number }>(
    `SELECT coalesce(max(substring(household_no from 14)::int), 0) + 1 AS n FROM households
     WHERE household_no >= $1 AND household_no < $2 AND household_no ~ '^[0-9]{12}-[0-9]+$'`,
    [`${village}-`, `${village}.`],
  );
  return `${village}-${String(r!.n).padStart(5, '0')}`;
}

export async function insertHousehold(
  q: Queryable,
  h: Pick<HouseholdRow, 'household_no' | 'region_code' | 'residence' | 'address' | 'source'> & {
    updated_by: string;
  },
): Promise<HouseholdRow> {
  const [r] = await q.query<HouseholdRow>(
    `INSERT INTO households (household_no, region_code, residence, address, source, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${HOUSEHOLD_COLS}`,
    [h.household_no, h.region_code, h.residence, h.address, h.source, h.updated_by],
  );
  return r!;
}

/**
 * Sets columns and moves the version on, only if the version is still `expected` (optimistic lock).
 * Returns the new version, or null when someone else changed the household first.
 */
export async function updateHousehold(
  q: Queryable,
  id: number,
  expected: number,
  cols: Record<string, unknown>,
  updatedBy: string,
): Promise<number | null> {
  const names = Object.keys(cols);
  const sets = names.map((c, i) => `${c} = $${i + 4}`);
  const [r] = await q.query<{ version: number }>(
    `UPDATE households SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $3'].join(', ')}
     WHERE id = $1 AND version = $2 RETURNING version`,
    [id, expected, updatedBy, ...names.map((c) => cols[c])],
  );
  return r?.version ?? null;
}

// ---------------------------------------------------------------------------------------------
// People

export async function findPerson(q: Queryable, id: number, lock = false): Promise<PersonRow | undefined> {
  const [r] = await q.query<PersonRow>(
    `SELECT ${PERSON_COLS} FROM persons WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r;
}

export async function findPersonByIndex(q: Queryable, idIndex: Buffer): Promise<PersonRow | undefined> {
  const [r] = await q.query<PersonRow>(`SELECT ${PERSON_COLS} FROM persons WHERE id_index = $1`, [idIndex]);
  return r;
}

/** Current members (living and dead), head first, then by birth date. */
export async function membersOf(q: Queryable, householdId: number): Promise<PersonRow[]> {
  return q.query<PersonRow>(
    `SELECT ${PERSON_COLS} FROM persons WHERE household_id = $1
     ORDER BY (relation = 'head') DESC, birth_date, id`,
    [householdId],
  );
}

export async function insertPerson(
  q: Queryable,
  p: Omit<PersonRow, 'id' | 'created_at' | 'updated_at' | 'id_cipher'> & {
    id_cipher: Buffer;
    id_index: Buffer;
  },
): Promise<number> {
  const [r] = await q.query<{ id: number }>(
    `INSERT INTO persons (household_id, region_code, id_cipher, id_index, id_mask, name, sex, birth_date, relation,
       monthly_income_fen, labor_capacity, disability_grade, disability_type, serious_illness, student_stage, employed,
       care_level, supporter, death_date, source)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20) RETURNING id`,
    [
      p.household_id,
      p.region_code,
      p.id_cipher,
      p.id_index,
      p.id_mask,
      p.name,
      p.sex,
      p.birth_date,
      p.relation,
      p.monthly_income_fen,
      p.labor_capacity,
      p.disability_grade,
      p.disability_type,
      p.serious_illness,
      p.student_stage,
      p.employed,
      p.care_level,
      p.supporter,
      p.death_date,
      p.source,
    ],
  );
  return r!.id;
}

export async function updatePerson(q: Queryable, id: number, cols: Record<string, unknown>): Promise<void> {
  const names = Object.keys(cols);
  if (names.length === 0) return;
  const sets = names.map((c, i) => `${c} = $${i + 2}`);
  await q.query(`UPDATE persons SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, [
    id,
    ...names.map((c) => cols[c]),
  ]);
}

/** Keeps the denormalised region of a household's members in step (the household moved village). */
export async function setMembersRegion(q: Queryable, householdId: number, region: string): Promise<void> {
  await q.query('UPDATE persons SET region_code = $2, updated_at = now() WHERE household_id = $1', [
    householdId,
    region,
  ]);
}

// ---------------------------------------------------------------------------------------------
// Memberships

export async function membershipsOfHousehold(q: Queryable, householdId: number): Promise<MembershipRow[]> {
  return q.query<MembershipRow>(
    'SELECT id, person_id, household_id, relation, from_date, to_date, reason FROM memberships WHERE household_id = $1 ORDER BY from_date, id',
    [householdId],
  );
}

export async function closeMembership(
  q: Queryable,
  personId: number,
  toDate: string,
  reason: string,
): Promise<void> {
  await q.query('UPDATE memberships SET to_date = $2, reason = $3 WHERE person_id = $1 AND to_date IS NULL', [
    personId,
    toDate,
    reason,
  ]);
}

export async function openMembership(
  q: Queryable,
  m: { personId: number; householdId: number; relation: string; fromDate: string; reason: string | null },
): Promise<void> {
  await q.query(
    'INSERT INTO memberships (person_id, household_id, relation, from_date, reason) VALUES ($1, $2, $3, $4, $5)',
    [m.personId, m.householdId, m.relation, m.fromDate, m.reason],
  );
}

/** People who were members once and are not now (moved out), with their membership. */
export async function formerMembers(
  q: Queryable,
  householdId: number,
): Promise<Array<PersonRow & { left_on: string; left_reason: string | null; former_relation: string }>> {
  return q.query(
    `SELECT ${PERSON_COLS.split(',')
      .map((c) => `p.${c.trim()}`)
      .join(', ')}, m.to_date AS left_on, m.reason AS left_reason, m.relation AS former_relation
     FROM memberships m JOIN persons p ON p.id = m.person_id
     WHERE m.household_id = $1 AND m.to_date IS NOT NULL AND p.household_id IS DISTINCT FROM $1
     ORDER BY m.to_date DESC`,
    [householdId],
  );
}

// ---------------------------------------------------------------------------------------------
// Categories and monitoring

const CATEGORY_COLS = `id, household_id, person_id, category, status, from_date, to_date, reason, decision_id, policy_id,
  policy_version, source, created_at, updated_at`;

/** Household-level assignments of the household, and person-level ones of its current members. */
export async function categoriesOf(q: Queryable, householdId: number): Promise<CategoryRow[]> {
  return q.query<CategoryRow>(
    `SELECT ${CATEGORY_COLS} FROM category_assignments WHERE household_id = $1 AND person_id IS NULL
     UNION ALL
     SELECT ${CATEGORY_COLS.split(',')
       .map((c) => `c.${c.trim()}`)
       .join(', ')} FROM category_assignments c JOIN persons p ON p.id = c.person_id
     WHERE p.household_id = $1
     ORDER BY from_date DESC, id DESC`,
    [householdId],
  );
}

export async function insertCategory(
  q: Queryable,
  c: Pick<
    CategoryRow,
    'household_id' | 'person_id' | 'category' | 'status' | 'from_date' | 'reason' | 'source'
  > &
    Partial<Pick<CategoryRow, 'decision_id' | 'policy_id' | 'policy_version'>>,
): Promise<number> {
  const [r] = await q.query<{ id: number }>(
    `INSERT INTO category_assignments (household_id, person_id, category, status, from_date, reason, decision_id,
       policy_id, policy_version, source)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`,
    [
      c.household_id,
      c.person_id,
      c.category,
      c.status,
      c.from_date,
      c.reason,
      c.decision_id ?? null,
      c.policy_id ?? null,
      c.policy_version ?? null,
      c.source,
    ],
  );
  return r!.id;
}

/** Ends active person-level assignments of a person (death). Returns the ended rows. */
export async function endPersonCategories(
  q: Queryable,
  personId: number,
  toDate: string,
  reason: string,
): Promise<CategoryRow[]> {
  return q.query<CategoryRow>(
    `UPDATE category_assignments SET status = 'ended', to_date = $2, reason = $3, updated_at = now()
     WHERE person_id = $1 AND status <> 'ended' RETURNING ${CATEGORY_COLS}`,
    [personId, toDate, reason],
  );
}

export async function endHouseholdCategories(
  q: Queryable,
  householdId: number,
  toDate: string,
  reason: string,
): Promise<CategoryRow[]> {
  return q.query<CategoryRow>(
    `UPDATE category_assignments SET status = 'ended', to_date = $2, reason = $3, updated_at = now()
     WHERE household_id = $1 AND person_id IS NULL AND status <> 'ended' RETURNING ${CATEGORY_COLS}`,
    [householdId, toDate, reason],
  );
}

/**
 * Ends these assignments (those not yet ended) on `toDate` with the reason. Returns the ended rows as
 * they were before, apart from status, end date and reason.
 */
export async function endCategoriesById(
  q: Queryable,
  ids: readonly number[],
  toDate: string,
  reason: string,
): Promise<CategoryRow[]> {
  if (ids.length === 0) return [];
  return q.query<CategoryRow>(
    `UPDATE category_assignments SET status = 'ended', to_date = $2, reason = $3, updated_at = now()
     WHERE id = ANY($1::bigint[]) AND status <> 'ended' RETURNING ${CATEGORY_COLS}`,
    [ids, toDate, reason],
  );
}

export async function insertMonitoring(
  q: Queryable,
  m: Pick<MonitoringRow, 'household_id' | 'reason' | 'from_date' | 'until_date' | 'note' | 'source'>,
): Promise<MonitoringRow> {
  const [r] = await q.query<MonitoringRow>(
    `INSERT INTO monitoring_entries (household_id, reason, from_date, until_date, note, source)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, household_id, reason, from_date, until_date, closed_at, note, source, created_at`,
    [m.household_id, m.reason, m.from_date, m.until_date, m.note, m.source],
  );
  return r!;
}

export async function monitoringOf(q: Queryable, householdId: number): Promise<MonitoringRow[]> {
  return q.query<MonitoringRow>(
    `SELECT id, household_id, reason, from_date, until_date, closed_at, note, source, created_at
     FROM monitoring_entries WHERE household_id = $1 ORDER BY from_date DESC, id DESC`,
    [householdId],
  );
}
