/**
 * SQL of registry imports: set-wise checks over the staged rows and the merge into the registry.
 * Every statement is scoped to one load (`$1` = load id). The merge is idempotent: values equal to
 * what is stored change nothing (no history row, no version bump), so importing the same file twice
 * leaves the second run with nothing to do.
 */
import type { Queryable } from '../../db/types.ts';

const STAGE = 'registry_import_stage';
const OK = `s.load_id = $1 AND s.error IS NULL`;

export type ImportError = { row: number; message: string };

/** Marks rows that fail checks needing the database. `lo`/`hi`: the importer's scope. */
export async function checkStaged(q: Queryable, loadId: string, lo: string, hi: string): Promise<void> {
  const mark = (sql: string, params: unknown[] = []) => q.query(sql, [loadId, ...params]);
  // The same ID number twice in the file: the later rows are refused.
  await mark(`UPDATE ${STAGE} s SET error = '身份证号与第 ' || d.first_row || ' 行重复'
    FROM (SELECT id_index, min(row_no) AS first_row FROM ${STAGE} WHERE load_id = $1 GROUP BY id_index
          HAVING count(*) > 1) d
    WHERE ${OK} AND s.id_index = d.id_index AND s.row_no > d.first_row`);
  await mark(`UPDATE ${STAGE} s SET error = '行政区划代码 ' || s.region_code || ' 不存在或不是村（居）一级'
    WHERE ${OK} AND NOT EXISTS (SELECT 1 FROM regions r WHERE r.code = s.region_code AND r.level = 'village')`);
  await mark(
    `UPDATE ${STAGE} s SET error = '行政区划代码 ' || s.region_code || ' 不在您的辖区内'
    WHERE ${OK} AND NOT (s.region_code BETWEEN $2::bpchar AND $3::bpchar)`,
    [lo, hi],
  );
  await mark(
    `UPDATE ${STAGE} s SET error = '户编号已被辖区外的家庭使用'
    FROM households h WHERE ${OK} AND h.household_no = s.household_no
      AND NOT (h.region_code BETWEEN $2::bpchar AND $3::bpchar)`,
    [lo, hi],
  );
  await mark(
    `UPDATE ${STAGE} s SET error = '该人员已登记在辖区外的家庭，请由其所在地办理迁出'
    FROM persons p WHERE ${OK} AND p.id_index = s.id_index AND p.region_code IS NOT NULL
      AND NOT (p.region_code BETWEEN $2::bpchar AND $3::bpchar)`,
    [lo, hi],
  );
  // A household lives in one village: rows disagreeing with the household's first row are refused.
  await mark(`UPDATE ${STAGE} s SET error = '与同户第 ' || f.row_no || ' 行的行政区划代码不一致'
    FROM (SELECT DISTINCT ON (household_no) household_no, row_no, region_code FROM ${STAGE}
          WHERE load_id = $1 AND error IS NULL ORDER BY household_no, row_no) f
    WHERE ${OK} AND s.household_no = f.household_no AND s.region_code <> f.region_code`);
  // Exactly one head per household.
  await mark(`UPDATE ${STAGE} s SET error = '同一户有多个户主（第 ' || f.row_no || ' 行已填写户主）'
    FROM (SELECT DISTINCT ON (household_no) household_no, row_no FROM ${STAGE}
          WHERE load_id = $1 AND error IS NULL AND relation = 'head' ORDER BY household_no, row_no) f
    WHERE ${OK} AND s.household_no = f.household_no AND s.relation = 'head' AND s.row_no > f.row_no`);
  await mark(`UPDATE ${STAGE} s SET error = '户编号 ' || s.household_no || ' 没有与户主关系为“户主”的有效行'
    WHERE ${OK} AND NOT EXISTS (SELECT 1 FROM ${STAGE} x WHERE x.load_id = $1 AND x.error IS NULL
      AND x.household_no = s.household_no AND x.relation = 'head')`);
}

export async function stagedErrors(q: Queryable, loadId: string, limit: number): Promise<ImportError[]> {
  return q.query<ImportError>(
    `SELECT row_no AS row, error AS message FROM ${STAGE} WHERE load_id = $1 AND error IS NOT NULL
     ORDER BY row_no LIMIT $2`,
    [loadId, limit],
  );
}

export async function stagedCounts(q: Queryable, loadId: string): Promise<{ ok: number; failed: number }> {
  const [r] = await q.query<{ ok: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE error IS NULL)::int AS ok, count(*) FILTER (WHERE error IS NOT NULL)::int AS failed
     FROM ${STAGE} WHERE load_id = $1`,
    [loadId],
  );
  return r!;
}

export async function clearStage(q: Queryable, loadId: string): Promise<void> {
  await q.query(`DELETE FROM ${STAGE} WHERE load_id = $1`, [loadId]);
}

export type MergeCounts = {
  householdsCreated: number;
  householdsUpdated: number;
  personsCreated: number;
  personsUpdated: number;
  personsMoved: number;
  categoriesAdded: number;
  categoriesEnded: number;
};

const countOf = (r: { rows: Array<Record<string, unknown>> }): number => Number(r.rows[0]?.n ?? 0);

export type MergeMeta = {
  actorId: string | null;
  actorName: string;
  source: string;
  reason: string;
  today: string;
};

/**
 * Merges the valid staged rows: households by household number, people by blind index. Returns what
 * changed and the villages whose statistics need recounting.
 */
export async function merge(
  q: Queryable,
  loadId: string,
  meta: MergeMeta,
): Promise<{ counts: MergeCounts; villages: string[] }> {
  const run = (sql: string, params: unknown[] = []) => q.execute(sql, params);
  // $1 actor id, $2 actor name, $3 source, $4 reason, $5 today (in the statements that write history)
  const hist = [meta.actorId, meta.actorName, meta.source, meta.reason, meta.today];

  await q.query(`CREATE TEMP TABLE imp_changed (household_id bigint PRIMARY KEY) ON COMMIT DROP`);
  await q.query(`CREATE TEMP TABLE imp_villages (code char(12) PRIMARY KEY) ON COMMIT DROP`);

  // Households, described by their head's row.
  await run(
    `CREATE TEMP TABLE imp_h ON COMMIT DROP AS
    SELECT s.household_no, s.region_code, s.residence AS residence_in, s.address AS address_in,
      CASE WHEN s.category = 'tekun' THEN NULL ELSE s.category END AS category, s.category_from,
      h.id AS household_id, h.region_code AS old_region, h.residence AS old_residence, h.address AS old_address,
      false AS is_new
    FROM ${STAGE} s LEFT JOIN households h ON h.household_no = s.household_no
    WHERE ${OK} AND s.relation = 'head'`,
    [loadId],
  );
  await q.query('CREATE UNIQUE INDEX ON imp_h (household_no)');
  await q.query('ANALYZE imp_h');

  const created = await run(
    `WITH ins AS (
       INSERT INTO households (household_no, region_code, residence, address, source, updated_by)
       SELECT household_no, region_code,
         coalesce(residence_in, CASE WHEN substr(region_code, 10, 3)::int < 200 THEN 'urban' ELSE 'rural' END),
         coalesce(address_in, ''), 'registry_import', $1
       FROM imp_h WHERE household_id IS NULL ORDER BY household_no
       RETURNING id, household_no)
     UPDATE imp_h i SET household_id = ins.id, is_new = true FROM ins WHERE i.household_no = ins.household_no`,
    [meta.actorName],
  );
  // Fresh statistics on the temporary tables keep the planner on index lookups into the registry.
  await q.query('ANALYZE imp_h');

  // Changed household attributes: history, then the update.
  await run(
    `INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
       actor_name, source, reason)
     SELECT i.household_id, 'household', i.household_id, f.field, f.old, f.new, $1, $2, $3, $4
     FROM imp_h i CROSS JOIN LATERAL (VALUES
       ('regionCode', to_jsonb(i.old_region::text), to_jsonb(i.region_code::text)),
       ('residence', to_jsonb(i.old_residence), to_jsonb(i.residence_in)),
       ('address', to_jsonb(i.old_address), to_jsonb(i.address_in))) AS f(field, old, new)
     WHERE NOT i.is_new AND f.new IS NOT NULL AND f.old IS DISTINCT FROM f.new
     AND $5::date IS NOT NULL`,
    hist,
  );
  await run(`INSERT INTO imp_changed SELECT household_id FROM imp_h i
    WHERE NOT i.is_new AND (i.region_code <> i.old_region OR (i.residence_in IS NOT NULL AND i.residence_in <> i.old_residence)
      OR (i.address_in IS NOT NULL AND i.address_in <> i.old_address)) ON CONFLICT DO NOTHING`);
  await run(`INSERT INTO imp_villages SELECT old_region FROM imp_h i
    WHERE NOT i.is_new AND i.region_code <> i.old_region ON CONFLICT DO NOTHING`);
  await run(`UPDATE households h SET region_code = i.region_code, residence = coalesce(i.residence_in, h.residence),
      address = coalesce(i.address_in, h.address)
    FROM imp_h i JOIN imp_changed c ON c.household_id = i.household_id WHERE h.id = i.household_id`);
  await run(`UPDATE persons p SET region_code = i.region_code FROM imp_h i
    WHERE NOT i.is_new AND i.region_code <> i.old_region AND p.household_id = i.household_id`);

  // People: matched by blind index.
  await run(
    `CREATE TEMP TABLE imp_p ON COMMIT DROP AS
    SELECT s.row_no, s.id_cipher, s.id_index, s.id_mask, s.name, s.sex, s.birth_date, s.relation, s.monthly_income_fen,
      s.labor_capacity, s.disability_grade, s.disability_type, s.serious_illness, s.student_stage, s.employed,
      s.care_level, s.supporter, s.category, s.category_from,
      i.household_id AS target_household, i.household_no AS target_no, i.region_code AS target_region,
      i.category AS household_category,
      p.id AS person_id, p.household_id AS old_household, p.region_code AS old_region, false AS is_new
    FROM ${STAGE} s JOIN imp_h i ON i.household_no = s.household_no
    LEFT JOIN persons p ON p.id_index = s.id_index
    WHERE ${OK}`,
    [loadId],
  );
  await q.query('CREATE INDEX ON imp_p (person_id)');
  await q.query('CREATE UNIQUE INDEX ON imp_p (id_index)');
  await q.query('ANALYZE imp_p');

  const personsCreated = await run(`WITH ins AS (
      INSERT INTO persons (household_id, region_code, id_cipher, id_index, id_mask, name, sex, birth_date, relation,
        monthly_income_fen, labor_capacity, disability_grade, disability_type, serious_illness, student_stage, employed,
        care_level, supporter, source)
      SELECT target_household, target_region, id_cipher, id_index, id_mask, name, sex, birth_date, relation,
        monthly_income_fen, labor_capacity, disability_grade, disability_type, serious_illness, student_stage, employed,
        care_level, supporter, 'registry_import'
      FROM imp_p WHERE person_id IS NULL ORDER BY row_no
      RETURNING id, id_index)
    UPDATE imp_p i SET person_id = ins.id, is_new = true FROM ins WHERE i.id_index = ins.id_index`);
  await q.query('ANALYZE imp_p');
  await run(
    `INSERT INTO imp_changed SELECT DISTINCT target_household FROM imp_p WHERE is_new ON CONFLICT DO NOTHING`,
  );

  // Changed attributes of people already registered.
  const personHistory = await run(
    `INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
       actor_name, source, reason)
     SELECT i.target_household, 'person', i.person_id, f.field, f.old, f.new, $1, $2, $3, $4
     FROM imp_p i JOIN persons p ON p.id = i.person_id CROSS JOIN LATERAL (VALUES
       ('name', to_jsonb(p.name), to_jsonb(i.name)),
       ('relation', to_jsonb(p.relation), to_jsonb(i.relation)),
       ('monthlyIncome', to_jsonb(p.monthly_income_fen::numeric / 100), to_jsonb(i.monthly_income_fen::numeric / 100)),
       ('laborCapacity', to_jsonb(p.labor_capacity), to_jsonb(i.labor_capacity)),
       ('disabilityGrade', to_jsonb(p.disability_grade), to_jsonb(i.disability_grade)),
       ('disabilityType', to_jsonb(p.disability_type), to_jsonb(i.disability_type)),
       ('seriousIllness', to_jsonb(p.serious_illness), to_jsonb(i.serious_illness)),
       ('studentStage', to_jsonb(p.student_stage), to_jsonb(i.student_stage)),
       ('employed', to_jsonb(p.employed), to_jsonb(i.employed)),
       ('careLevel', to_jsonb(p.care_level), to_jsonb(i.care_level)),
       ('supporter', to_jsonb(p.supporter), to_jsonb(i.supporter))) AS f(field, old, new)
     WHERE NOT i.is_new AND f.old IS DISTINCT FROM f.new AND $5::date IS NOT NULL
     RETURNING object_id, household_id`,
    hist,
  );
  const updatedPeople = new Set(personHistory.rows.map((r) => Number(r.object_id)));
  await run(`INSERT INTO imp_changed SELECT DISTINCT target_household FROM imp_p i JOIN persons p ON p.id = i.person_id
    WHERE NOT i.is_new AND (p.name, p.relation, p.monthly_income_fen, p.labor_capacity, p.disability_grade,
      p.disability_type, p.serious_illness, p.student_stage, p.employed, p.care_level, p.supporter)
      IS DISTINCT FROM (i.name, i.relation, i.monthly_income_fen, i.labor_capacity, i.disability_grade,
      i.disability_type, i.serious_illness, i.student_stage, i.employed, i.care_level, i.supporter)
    ON CONFLICT DO NOTHING`);
  await run(`UPDATE persons p SET name = i.name, relation = i.relation, monthly_income_fen = i.monthly_income_fen,
      labor_capacity = i.labor_capacity, disability_grade = i.disability_grade, disability_type = i.disability_type,
      serious_illness = i.serious_illness, student_stage = i.student_stage, employed = i.employed,
      care_level = i.care_level, supporter = i.supporter, updated_at = now()
    FROM imp_p i WHERE p.id = i.person_id AND NOT i.is_new
      AND (p.name, p.relation, p.monthly_income_fen, p.labor_capacity, p.disability_grade, p.disability_type,
        p.serious_illness, p.student_stage, p.employed, p.care_level, p.supporter)
      IS DISTINCT FROM (i.name, i.relation, i.monthly_income_fen, i.labor_capacity, i.disability_grade,
        i.disability_type, i.serious_illness, i.student_stage, i.employed, i.care_level, i.supporter)`);

  // People who now belong to another household: close the old membership, open the new one.
  const moved = await run(
    `WITH m AS (
       SELECT i.person_id, i.old_household, i.target_household, i.target_no, h.household_no AS old_no, i.old_region
       FROM imp_p i LEFT JOIN households h ON h.id = i.old_household
       WHERE NOT i.is_new AND i.old_household IS DISTINCT FROM i.target_household),
     closed AS (
       UPDATE memberships ms SET to_date = $5::date, reason = '批量导入：迁往 ' || m.target_no
       FROM m WHERE ms.person_id = m.person_id AND ms.to_date IS NULL RETURNING ms.person_id),
     h1 AS (
       INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
         actor_name, source, reason)
       SELECT x.hid, 'person', m.person_id, 'household', to_jsonb(m.old_no), to_jsonb(m.target_no), $1, $2, $3, $4
       FROM m CROSS JOIN LATERAL (VALUES (m.old_household), (m.target_household)) AS x(hid) WHERE x.hid IS NOT NULL),
     ch AS (
       INSERT INTO imp_changed SELECT old_household FROM m WHERE old_household IS NOT NULL
       UNION SELECT target_household FROM m ON CONFLICT DO NOTHING),
     v AS (INSERT INTO imp_villages SELECT DISTINCT old_region FROM m WHERE old_region IS NOT NULL ON CONFLICT DO NOTHING)
     UPDATE persons p SET household_id = m.target_household, region_code = i.target_region, updated_at = now()
     FROM m JOIN imp_p i ON i.person_id = m.person_id WHERE p.id = m.person_id`,
    hist,
  );
  await run(
    `INSERT INTO memberships (person_id, household_id, relation, from_date, reason)
     SELECT i.person_id, i.target_household, i.relation, $1::date, '批量导入'
     FROM imp_p i WHERE NOT EXISTS (SELECT 1 FROM memberships ms WHERE ms.person_id = i.person_id AND ms.to_date IS NULL)`,
    [meta.today],
  );
  await run(`UPDATE memberships ms SET relation = i.relation FROM imp_p i
    WHERE ms.person_id = i.person_id AND ms.to_date IS NULL AND ms.household_id = i.target_household
      AND ms.relation <> i.relation`);

  // Heads.
  await run(
    `WITH heads AS (
       SELECT h.id, h.head_person_id AS old_head, i.person_id AS new_head, ih.is_new
       FROM imp_p i JOIN households h ON h.id = i.target_household JOIN imp_h ih ON ih.household_id = h.id
       WHERE i.relation = 'head' AND h.head_person_id IS DISTINCT FROM i.person_id),
     hist AS (
       INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
         actor_name, source, reason)
       SELECT id, 'household', id, 'head', to_jsonb(old_head), to_jsonb(new_head), $1, $2, $3, $4
       FROM heads WHERE NOT is_new AND $5::date IS NOT NULL),
     ch AS (INSERT INTO imp_changed SELECT id FROM heads WHERE NOT is_new ON CONFLICT DO NOTHING)
     UPDATE households h SET head_person_id = heads.new_head FROM heads WHERE h.id = heads.id`,
    hist,
  );

  // Categories: the household's (from the head's row) and person-level ones (特困, or a member's
  // category that differs from the household's). Existing active assignments are left alone.
  const ended = await run(
    `WITH e AS (
       UPDATE category_assignments c SET status = 'ended', to_date = $5::date,
         reason = '批量导入：类别变更为 ' || i.category, updated_at = now()
       FROM imp_h i WHERE NOT i.is_new AND c.household_id = i.household_id AND c.person_id IS NULL
         AND i.category IS NOT NULL
         AND c.category <> i.category AND c.status IN ('active', 'gradual_exit')
       RETURNING c.id, c.household_id, c.category),
     hist AS (
       INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
         actor_name, source, reason)
       SELECT household_id, 'category', id, 'category', to_jsonb(category), 'null'::jsonb, $1, $2, $3, $4 FROM e),
     ch AS (INSERT INTO imp_changed SELECT DISTINCT household_id FROM e ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM e`,
    hist,
  );
  const addedHousehold = await run(
    `WITH a AS (
       INSERT INTO category_assignments (household_id, person_id, category, status, from_date, reason, source)
       SELECT i.household_id, NULL, i.category, 'active', coalesce(i.category_from, $5::date), $4, $3
       FROM imp_h i WHERE i.category IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM category_assignments c WHERE c.household_id = i.household_id AND c.person_id IS NULL
           AND c.category = i.category AND c.status IN ('active', 'gradual_exit'))
       RETURNING id, household_id, category),
     hist AS (
       INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
         actor_name, source, reason)
       SELECT household_id, 'category', id, 'category', 'null'::jsonb, to_jsonb(category), $1, $2, $3, $4 FROM a),
     ch AS (INSERT INTO imp_changed SELECT DISTINCT household_id FROM a ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM a`,
    hist,
  );
  const addedPerson = await run(
    `WITH a AS (
       INSERT INTO category_assignments (household_id, person_id, category, status, from_date, reason, source)
       SELECT i.target_household, i.person_id, i.category, 'active', coalesce(i.category_from, $5::date), $4, $3
       FROM imp_p i
       WHERE i.category IS NOT NULL AND (i.category = 'tekun' OR (i.relation <> 'head'
           AND i.category IS DISTINCT FROM i.household_category))
         AND NOT EXISTS (SELECT 1 FROM category_assignments c WHERE c.person_id = i.person_id
           AND c.category = i.category AND c.status IN ('active', 'gradual_exit'))
       RETURNING id, household_id, category),
     hist AS (
       INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
         actor_name, source, reason)
       SELECT household_id, 'category', id, 'category', 'null'::jsonb, to_jsonb(category), $1, $2, $3, $4 FROM a),
     ch AS (INSERT INTO imp_changed SELECT DISTINCT household_id FROM a ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM a`,
    hist,
  );

  // One version step for every household that changed (new ones start at 1).
  await run(
    `INSERT INTO imp_villages SELECT DISTINCT region_code FROM imp_h WHERE is_new ON CONFLICT DO NOTHING`,
  );
  await run('DELETE FROM imp_changed c USING imp_h i WHERE i.household_id = c.household_id AND i.is_new');
  await q.query('ANALYZE imp_changed');
  await run(
    `UPDATE households h SET version = version + 1, updated_at = now(), updated_by = $1
     FROM imp_changed c WHERE h.id = c.household_id`,
    [meta.actorName],
  );
  await run(`INSERT INTO imp_villages SELECT DISTINCT h.region_code FROM imp_changed c JOIN households h ON h.id = c.household_id
    ON CONFLICT DO NOTHING`);
  const villages = (await q.query<{ code: string }>('SELECT code FROM imp_villages')).map((r) => r.code);
  const [cnt] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM imp_changed');
  return {
    counts: {
      householdsCreated: created.rowCount,
      householdsUpdated: cnt!.n,
      personsCreated: personsCreated.rowCount,
      personsUpdated: updatedPeople.size,
      personsMoved: moved.rowCount,
      categoriesAdded: countOf(addedHousehold) + countOf(addedPerson),
      categoriesEnded: countOf(ended),
    },
    villages,
  };
}

export type LoadRow = {
  id: string;
  kind: 'import' | 'demo';
  file_name: string | null;
  status: 'running' | 'done' | 'failed';
  actor_name: string;
  region_code: string | null;
  rows_total: number;
  rows_ok: number;
  rows_failed: number;
  summary: Record<string, unknown> | null;
  errors: ImportError[] | null;
  started_at: Date;
  finished_at: Date | null;
};

const LOAD_COLS = `id, kind, file_name, status, actor_name, region_code, rows_total, rows_ok, rows_failed, summary, errors,
  started_at, finished_at`;

export async function findImport(q: Queryable, id: string): Promise<LoadRow | undefined> {
  const [r] = await q.query<LoadRow>(
    `SELECT ${LOAD_COLS} FROM registry_loads WHERE id = $1 AND kind = 'import'`,
    [id],
  );
  return r;
}

export async function recentImports(q: Queryable, lo: string, hi: string, limit: number): Promise<LoadRow[]> {
  return q.query<LoadRow>(
    `SELECT ${LOAD_COLS} FROM registry_loads WHERE kind = 'import' AND region_code BETWEEN $1::bpchar AND $2::bpchar
     ORDER BY started_at DESC LIMIT $3`,
    [lo, hi, limit],
  );
}
