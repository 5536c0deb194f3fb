/**
 * SQL of registry imports, all inside the import's one transaction: validated rows are loaded chunk
 * by chunk into temporary tables and resolved against the registry as they arrive, checked set-wise,
 * and merged. The merge is idempotent: values equal to what is stored change nothing (no history
 * row, no version bump), so importing the same file twice leaves the second run with nothing to do.
 */
import type { Queryable } from '../../db/types.ts';
import type { VillageCounts } from '../stats/service.ts';

export type ImportError = { row: number; message: string };

/** Attributes of a person compared with the file (the order of the history rows). */
const PERSON_FIELDS = `name, relation, monthly_income_fen, labor_capacity, disability_grade, disability_type,
  serious_illness, student_stage, employed, care_level, supporter`;
const personTuple = (alias: string) =>
  `(${PERSON_FIELDS.split(',')
    .map((f) => `${alias}.${f.trim()}`)
    .join(', ')})`;

/** Columns of a staged row, in the order the import writes them. */
export const STAGE_COLUMNS = [
  'row_no',
  'household_no',
  'region_code',
  'residence',
  'address',
  'id_cipher',
  'id_index',
  'id_mask',
  'name',
  'sex',
  'birth_date',
  'relation',
  'monthly_income_fen',
  'labor_capacity',
  'disability_grade',
  'disability_type',
  'serious_illness',
  'student_stage',
  'employed',
  'care_level',
  'supporter',
  'category',
  'category_from',
] as const;

/**
 * A chunk of staged rows resolved against the registry (see `stageChunk`). The lookups are
 * LATERAL with LIMIT 1 (the keys are unique) so that they stay index probes: a chunk is small next
 * to the registry, and hashing all of it for every chunk would cost far more. The chunk is probed
 * in blind-index order, the order in which imported people are stored, so that an index page or a
 * table page, once read, serves the next lookups too.
 */
const RESOLVE = `SELECT s.row_no, s.household_no, s.region_code, s.residence, s.address, s.id_cipher, s.id_index, s.id_mask,
    s.name, s.sex, s.birth_date, s.relation, s.monthly_income_fen, s.labor_capacity, s.disability_grade,
    s.disability_type, s.serious_illness, s.student_stage, s.employed, s.care_level, s.supporter, s.category,
    s.category_from,
    h.id AS h_id, h.region_code AS h_region, h.residence AS h_residence, h.address AS h_address,
    h.head_person_id AS h_head,
    p.id AS p_id, p.household_id AS p_household, p.region_code AS p_region,
    ${personTuple('p')} IS DISTINCT FROM ${personTuple('s')} AS p_changed,
    ms.id AS m_id, ms.household_id AS m_household, ms.relation AS m_relation
  FROM (SELECT * FROM imp_in ORDER BY id_index) s
  LEFT JOIN LATERAL (SELECT h.id, h.region_code, h.residence, h.address, h.head_person_id FROM households h
    WHERE h.household_no = s.household_no LIMIT 1) h ON true
  LEFT JOIN LATERAL (SELECT p.id, p.household_id, p.region_code, ${PERSON_FIELDS} FROM persons p
    WHERE p.id_index = s.id_index LIMIT 1) p ON true
  LEFT JOIN LATERAL (SELECT ms.id, ms.household_id, ms.relation FROM memberships ms
    WHERE ms.person_id = p.id AND ms.to_date IS NULL LIMIT 1) ms ON true`;

/**
 * The import's working tables, temporary and private to its transaction (gone at commit or
 * rollback, with the ciphertexts they hold): `imp_in` takes one chunk of validated rows at a time,
 * `imp` every row resolved against the registry.
 */
export async function createImportTables(q: Queryable): Promise<void> {
  await q.query(`CREATE TEMP TABLE imp_in (
    row_no integer NOT NULL, household_no text NOT NULL, region_code char(12) NOT NULL, residence text, address text,
    id_cipher bytea NOT NULL, id_index bytea NOT NULL, id_mask text NOT NULL, name text NOT NULL, sex text NOT NULL,
    birth_date date NOT NULL, relation text NOT NULL, monthly_income_fen bigint NOT NULL, labor_capacity text NOT NULL,
    disability_grade smallint, disability_type text, serious_illness boolean NOT NULL, student_stage text,
    employed boolean NOT NULL, care_level text, supporter text NOT NULL, category text, category_from date
  ) ON COMMIT DROP`);
  await q.query(`CREATE TEMP TABLE imp ON COMMIT DROP AS ${RESOLVE} WITH NO DATA`);
}

/**
 * Loads a chunk of validated rows (binary COPY, `STAGE_COLUMNS` in order) and resolves it against the
 * registry in one pass: the village, the household with the same number, the person with the same
 * blind index, whether that person's attributes differ from the file, and their open membership.
 * Every later step reads `imp` instead of looking the registry up again.
 */
export async function stageChunk(q: Queryable, csv: Uint8Array): Promise<void> {
  await q.copyFrom('imp_in', STAGE_COLUMNS, csv, { format: 'binary' });
  await q.query(`INSERT INTO imp ${RESOLVE}`);
  await q.query('TRUNCATE imp_in');
}

/**
 * The checks that need the database, for all rows at once (`imp_k`: each row's error, or the id of
 * its person — existing, or new in file order). `lo`/`hi`: the importer's scope. Each check applies
 * to the rows no earlier check refused, in this order: the same ID number twice in the file (the
 * later rows), the village, the scope, a household number or a person registered outside the scope,
 * a household's rows disagreeing on the village (with its first row left), several heads (the first
 * stays), no head. Returns the number of refused rows.
 */
export async function checkStaged(
  q: Queryable,
  lo: string,
  hi: string,
): Promise<{ ok: number; failed: number }> {
  await q.query(
    `CREATE TEMP TABLE imp_k ON COMMIT DROP AS
    WITH dup AS (
      SELECT id_index, min(row_no) AS first_same FROM imp GROUP BY id_index HAVING count(*) > 1),
    b AS MATERIALIZED (
      SELECT i.row_no, i.household_no, i.region_code, i.relation, i.p_id, CASE
          WHEN i.row_no > d.first_same THEN '身份证号与第 ' || d.first_same || ' 行重复'
          WHEN r.code IS NULL THEN '行政区划代码 ' || i.region_code || ' 不存在或不是村（居）一级'
          WHEN NOT (i.region_code BETWEEN $1::bpchar AND $2::bpchar) THEN '行政区划代码 ' || i.region_code || ' 不在您的辖区内'
          WHEN NOT (i.h_region BETWEEN $1::bpchar AND $2::bpchar) THEN '户编号已被辖区外的家庭使用'
          WHEN NOT (i.p_region BETWEEN $1::bpchar AND $2::bpchar) THEN '该人员已登记在辖区外的家庭，请由其所在地办理迁出'
        END AS e1
      FROM imp i LEFT JOIN dup d ON d.id_index = i.id_index
      LEFT JOIN regions r ON r.code = i.region_code AND r.level = 'village'),
    -- Households whose remaining rows do not simply agree on the village and name one head: only
    -- these need the row-by-row checks below; every other row keeps the error it has (or none).
    hard AS (
      SELECT household_no FROM b GROUP BY household_no
      HAVING count(*) FILTER (WHERE e1 IS NULL AND relation = 'head') <> 1
        OR min(region_code) FILTER (WHERE e1 IS NULL) <> max(region_code) FILTER (WHERE e1 IS NULL)),
    c AS (
      SELECT b.*, first_value(row_no) OVER w AS first_row, first_value(region_code) OVER w AS first_region
      FROM b WHERE household_no IN (SELECT household_no FROM hard)
      WINDOW w AS (PARTITION BY household_no ORDER BY e1 IS NOT NULL, row_no)),
    d AS (
      SELECT c.*, coalesce(e1, CASE WHEN region_code <> first_region
        THEN '与同户第 ' || first_row || ' 行的行政区划代码不一致' END) AS e2
      FROM c),
    e AS (
      SELECT d.*, min(row_no) FILTER (WHERE e2 IS NULL AND relation = 'head') OVER (PARTITION BY household_no) AS first_head
      FROM d),
    f AS (
      SELECT row_no, p_id, coalesce(e2, CASE
          WHEN relation = 'head' AND row_no > first_head THEN '同一户有多个户主（第 ' || first_head || ' 行已填写户主）'
          WHEN first_head IS NULL THEN '户编号 ' || household_no || ' 没有与户主关系为“户主”的有效行'
        END) AS error
      FROM e
      UNION ALL
      SELECT row_no, p_id, e1 FROM b WHERE NOT EXISTS (SELECT 1 FROM hard WHERE hard.household_no = b.household_no)
      ORDER BY row_no)
    SELECT row_no, error, CASE WHEN error IS NULL THEN coalesce(p_id, nextval('persons_id_seq')) END AS person_id
    FROM f`,
    [lo, hi],
  );
  const [r] = await q.query<{ ok: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE error IS NULL)::int AS ok, count(*) FILTER (WHERE error IS NOT NULL)::int AS failed
     FROM imp_k`,
  );
  return r!;
}

export async function stagedErrors(q: Queryable, limit: number): Promise<ImportError[]> {
  return q.query<ImportError>(
    `SELECT row_no AS row, error AS message FROM imp_k WHERE error IS NOT NULL ORDER BY row_no LIMIT $1`,
    [limit],
  );
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

/** The rows that passed the checks, with their person's id and their household as merged. */
const VALID_ROWS = `SELECT i.*, k.person_id, h.household_id AS target_household, h.household_no AS target_no,
    h.region_code AS target_region, h.category AS household_category, h.is_new AS new_household
  FROM imp i JOIN imp_k k ON k.row_no = i.row_no JOIN imp_h h ON h.household_no = i.household_no
  WHERE k.error IS NULL`;

/** A row's category is its own (person-level): 特困, or a member's category unlike the household's. */
const PERSON_LEVEL = `category IS NOT NULL AND (category = 'tekun' OR (relation <> 'head'
  AND category IS DISTINCT FROM household_category))`;

const HISTORY = `INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
  actor_name, source, reason)`;

/**
 * Merges the rows that passed the checks (after `stageChunk` and `checkStaged`): households by
 * household number, people by blind index. New households and people are written set-wise with the
 * ids chosen beforehand; the few rows that change something already registered go through a small
 * table of their own. Returns what changed, the villages whose statistics need recounting, and the
 * counts to add to villages that only gained new households.
 */
export async function merge(
  q: Queryable,
  meta: MergeMeta,
): Promise<{ counts: MergeCounts; villages: string[]; added: VillageCounts[] }> {
  const run = (sql: string, params: unknown[] = []) => q.execute(sql, params);
  // $1 actor id, $2 actor name, $3 source, $4 reason, $5 today (in the statements that write history)
  const hist = [meta.actorId, meta.actorName, meta.source, meta.reason, meta.today];

  await q.query(`CREATE TEMP TABLE imp_changed (household_id bigint PRIMARY KEY) ON COMMIT DROP`);
  await q.query(`CREATE TEMP TABLE imp_villages (code char(12) PRIMARY KEY) ON COMMIT DROP`);

  // Households, described by their head's row; new ones get their ids here, in household number order.
  await q.query(
    `CREATE TEMP TABLE imp_h ON COMMIT DROP AS
    SELECT x.*, coalesce(x.old_id, nextval('households_id_seq')) AS household_id
    FROM (
      SELECT i.household_no, i.region_code, i.residence AS residence_in, i.address AS address_in,
        CASE WHEN i.category = 'tekun' THEN NULL ELSE i.category END AS category, i.category_from,
        i.h_id AS old_id, i.h_id IS NULL AS is_new, i.h_region AS old_region, i.h_residence AS old_residence,
        i.h_address AS old_address, i.h_head AS old_head, k.person_id AS head_id
      FROM imp i JOIN imp_k k ON k.row_no = i.row_no
      WHERE k.error IS NULL AND i.relation = 'head'
      ORDER BY i.household_no) x`,
  );

  const created = await run(
    `INSERT INTO households (id, household_no, region_code, residence, address, head_person_id, source, updated_by)
     SELECT household_id, household_no, region_code,
       coalesce(residence_in, CASE WHEN substr(region_code, 10, 3)::int < 200 THEN 'urban' ELSE 'rural' END),
       coalesce(address_in, ''), head_id, 'registry_import', $1
     FROM imp_h WHERE is_new`,
    [meta.actorName],
  );

  // Changed attributes of households already registered: history, then the update.
  await q.query(
    `CREATE TEMP TABLE imp_hc ON COMMIT DROP AS SELECT * FROM imp_h i
    WHERE NOT i.is_new AND (i.region_code <> i.old_region OR (i.residence_in IS NOT NULL AND i.residence_in <> i.old_residence)
      OR (i.address_in IS NOT NULL AND i.address_in <> i.old_address))`,
  );
  await run(
    `${HISTORY}
     SELECT i.household_id, 'household', i.household_id, f.field, f.old, f.new, $1, $2, $3, $4
     FROM imp_hc i CROSS JOIN LATERAL (VALUES
       ('regionCode', to_jsonb(i.old_region::text), to_jsonb(i.region_code::text)),
       ('residence', to_jsonb(i.old_residence), to_jsonb(i.residence_in)),
       ('address', to_jsonb(i.old_address), to_jsonb(i.address_in))) AS f(field, old, new)
     WHERE f.new IS NOT NULL AND f.old IS DISTINCT FROM f.new`,
    hist.slice(0, 4),
  );
  await run(`INSERT INTO imp_changed SELECT household_id FROM imp_hc ON CONFLICT DO NOTHING`);
  await run(`INSERT INTO imp_villages SELECT old_region FROM imp_hc WHERE region_code <> old_region
    ON CONFLICT DO NOTHING`);
  await run(`UPDATE households h SET region_code = i.region_code, residence = coalesce(i.residence_in, h.residence),
      address = coalesce(i.address_in, h.address)
    FROM imp_hc i WHERE h.id = i.household_id`);
  await run(`UPDATE persons p SET region_code = i.region_code FROM imp_hc i
    WHERE i.region_code <> i.old_region AND p.household_id = i.household_id`);

  // One pass over the valid rows: new people and their memberships are written; the households
  // gaining members, the people already registered with something to change, and the person-level
  // categories are set aside for the steps below. New people go in blind-index order (their ids
  // stay in file order): the unique index on it then fills page by page rather than at random,
  // which is most of the cost of adding people to a large registry; a re-import looks them up in
  // the same order.
  await q.query(`CREATE TEMP TABLE imp_p ON COMMIT DROP AS ${VALID_ROWS} WITH NO DATA`);
  await q.query(`CREATE TEMP TABLE imp_pc (target_household bigint, person_id bigint, category text, category_from date,
    new_person boolean) ON COMMIT DROP`);
  await q.query(`CREATE TEMP TABLE imp_nh (region_code char(12), category text, households bigint, people bigint,
    all_new boolean) ON COMMIT DROP`);
  const personsCreated = await run(
    `WITH v AS MATERIALIZED (${VALID_ROWS}),
     np AS (
       INSERT INTO persons (id, household_id, region_code, id_cipher, id_index, id_mask, name, sex, birth_date, relation,
         monthly_income_fen, labor_capacity, disability_grade, disability_type, serious_illness, student_stage, employed,
         care_level, supporter, source)
       SELECT person_id, target_household, target_region, id_cipher, id_index, id_mask, name, sex, birth_date,
         relation, monthly_income_fen, labor_capacity, disability_grade, disability_type, serious_illness,
         student_stage, employed, care_level, supporter, 'registry_import'
       FROM v WHERE p_id IS NULL ORDER BY id_index
       RETURNING id, household_id, relation),
     nm AS (
       INSERT INTO memberships (person_id, household_id, relation, from_date, reason)
       SELECT id, household_id, relation, $1::date, '批量导入' FROM np),
     ch AS (
       INSERT INTO imp_changed SELECT DISTINCT target_household FROM v WHERE p_id IS NULL AND NOT new_household
       ON CONFLICT DO NOTHING),
     ep AS (
       INSERT INTO imp_p SELECT * FROM v
       WHERE p_id IS NOT NULL AND (p_changed OR p_household IS DISTINCT FROM target_household OR m_id IS NULL
         OR (m_household = target_household AND m_relation <> relation))),
     pc AS (
       INSERT INTO imp_pc SELECT target_household, person_id, category, category_from, p_id IS NULL FROM v
       WHERE ${PERSON_LEVEL}),
     -- Statistics of new households whose members are all new: counted here from the file (see
     -- below); a new household with someone moved in is recounted from the registry instead.
     hh AS (
       SELECT target_household AS hid, target_region AS region, household_category AS hc, count(*) AS members,
         bool_and(p_id IS NULL) AS all_new
       FROM v WHERE new_household GROUP BY target_household, target_region, household_category),
     pcs AS (
       SELECT target_household AS hid, category, count(*) AS n FROM v
       WHERE new_household AND ${PERSON_LEVEL} GROUP BY target_household, category),
     hh2 AS (
       SELECT hh.*, coalesce((SELECT sum(n) FROM pcs WHERE pcs.hid = hh.hid), 0) AS pc_people FROM hh WHERE all_new),
     cnt AS (
       SELECT region, hc AS category, members AS people FROM hh2 WHERE hc IS NOT NULL
       UNION ALL
       SELECT hh2.region, pcs.category, pcs.n FROM hh2 JOIN pcs ON pcs.hid = hh2.hid
       UNION ALL
       SELECT region, '_all', CASE WHEN hc IS NOT NULL THEN members ELSE pc_people END FROM hh2
       WHERE hc IS NOT NULL OR pc_people > 0),
     nh AS (
       INSERT INTO imp_nh SELECT region, category, count(*), sum(people), true FROM cnt GROUP BY region, category
       UNION ALL SELECT DISTINCT region, NULL::text, 0, 0, false FROM hh WHERE NOT all_new)
     SELECT count(*)::int AS n FROM np`,
    [meta.today],
  );
  const personHistory = await run(
    `${HISTORY}
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
     WHERE i.p_changed AND f.old IS DISTINCT FROM f.new
     RETURNING object_id`,
    hist.slice(0, 4),
  );
  const updatedPeople = new Set(personHistory.rows.map((r) => Number(r.object_id)));
  await run(`INSERT INTO imp_changed SELECT DISTINCT target_household FROM imp_p i JOIN persons p ON p.id = i.person_id
    WHERE i.p_changed AND ${personTuple('p')} IS DISTINCT FROM ${personTuple('i')}
    ON CONFLICT DO NOTHING`);
  await run(`UPDATE persons p SET name = i.name, relation = i.relation, monthly_income_fen = i.monthly_income_fen,
      labor_capacity = i.labor_capacity, disability_grade = i.disability_grade, disability_type = i.disability_type,
      serious_illness = i.serious_illness, student_stage = i.student_stage, employed = i.employed,
      care_level = i.care_level, supporter = i.supporter, updated_at = now()
    FROM imp_p i WHERE p.id = i.person_id AND i.p_changed
      AND ${personTuple('p')} IS DISTINCT FROM ${personTuple('i')}`);

  // People who now belong to another household: close the old membership, open the new one.
  const moved = await run(
    `WITH m AS (
       SELECT i.person_id, i.p_household AS old_household, i.target_household, i.target_no, h.household_no AS old_no,
         i.p_region AS old_region
       FROM imp_p i LEFT JOIN households h ON h.id = i.p_household
       WHERE i.p_household IS DISTINCT FROM i.target_household),
     closed AS (
       UPDATE memberships ms SET to_date = $5::date, reason = '批量导入：迁往 ' || m.target_no
       FROM m WHERE ms.person_id = m.person_id AND ms.to_date IS NULL RETURNING ms.person_id),
     h1 AS (
       ${HISTORY}
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

  // Heads of households already registered (new ones were created with theirs).
  await run(
    `WITH heads AS (
       SELECT household_id AS id, old_head, head_id AS new_head FROM imp_h
       WHERE NOT is_new AND old_head IS DISTINCT FROM head_id),
     hist AS (
       ${HISTORY}
       SELECT id, 'household', id, 'head', to_jsonb(old_head), to_jsonb(new_head), $1, $2, $3, $4 FROM heads),
     ch AS (INSERT INTO imp_changed SELECT id FROM heads ON CONFLICT DO NOTHING)
     UPDATE households h SET head_person_id = heads.new_head FROM heads WHERE h.id = heads.id`,
    hist.slice(0, 4),
  );

  // Categories: the household's (from the head's row) and person-level ones (特困, or a member's
  // category that differs from the household's). Existing active assignments are left alone; new
  // households and people have none to look up.
  // The household-level categories in force of the households already registered that the file
  // gives a category, looked up household by household (an index probe each, never a scan).
  await q.query(
    `CREATE TEMP TABLE imp_hcat ON COMMIT DROP AS
    SELECT i.household_id, i.category AS declared, c.id, c.category
    FROM imp_h i CROSS JOIN LATERAL (
      SELECT c.id, c.category FROM category_assignments c
      WHERE c.household_id = i.household_id AND c.person_id IS NULL AND c.status IN ('active', 'gradual_exit')
      OFFSET 0) c
    WHERE NOT i.is_new AND i.category IS NOT NULL`,
  );
  const ended = await run(
    `WITH e AS (
       UPDATE category_assignments c SET status = 'ended', to_date = $5::date,
         reason = '批量导入：类别变更为 ' || x.declared, updated_at = now()
       FROM imp_hcat x
       WHERE c.id = ANY(ARRAY(SELECT id FROM imp_hcat WHERE category <> declared)) AND x.id = c.id
       RETURNING c.id, c.household_id, c.category),
     hist AS (
       ${HISTORY}
       SELECT household_id, 'category', id, 'category', to_jsonb(category), 'null'::jsonb, $1, $2, $3, $4 FROM e),
     ch AS (INSERT INTO imp_changed SELECT DISTINCT household_id FROM e ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM e`,
    hist,
  );
  const addedHousehold = await run(
    `WITH a AS (
       INSERT INTO category_assignments (household_id, person_id, category, status, from_date, reason, source)
       SELECT i.household_id, NULL, i.category, 'active', coalesce(i.category_from, $5::date), $4, $3
       FROM imp_h i WHERE i.category IS NOT NULL AND (i.is_new OR NOT EXISTS (
         SELECT 1 FROM imp_hcat x WHERE x.household_id = i.household_id AND x.category = i.category))
       RETURNING id, household_id, category),
     hist AS (
       ${HISTORY}
       SELECT household_id, 'category', id, 'category', 'null'::jsonb, to_jsonb(category), $1, $2, $3, $4 FROM a),
     ch AS (INSERT INTO imp_changed SELECT DISTINCT a.household_id FROM a JOIN imp_h i ON i.household_id = a.household_id
       WHERE NOT i.is_new ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM a`,
    hist,
  );
  const addedPerson = await run(
    `WITH a AS (
       INSERT INTO category_assignments (household_id, person_id, category, status, from_date, reason, source)
       SELECT i.target_household, i.person_id, i.category, 'active', coalesce(i.category_from, $5::date), $4, $3
       FROM imp_pc i LEFT JOIN LATERAL (
         SELECT 1 AS found FROM category_assignments c WHERE NOT i.new_person AND c.person_id = i.person_id
           AND c.category = i.category AND c.status IN ('active', 'gradual_exit') LIMIT 1) x ON true
       WHERE x.found IS NULL
       RETURNING id, household_id, category),
     hist AS (
       ${HISTORY}
       SELECT household_id, 'category', id, 'category', 'null'::jsonb, to_jsonb(category), $1, $2, $3, $4 FROM a),
     ch AS (INSERT INTO imp_changed SELECT DISTINCT a.household_id FROM a JOIN imp_h i ON i.household_id = a.household_id
       WHERE NOT i.is_new ON CONFLICT DO NOTHING)
     SELECT count(*)::int AS n FROM a`,
    hist,
  );

  // One version step for every household that changed (new ones start at 1).
  await run(
    `INSERT INTO imp_villages SELECT DISTINCT region_code FROM imp_nh WHERE NOT all_new ON CONFLICT DO NOTHING`,
  );
  await run('DELETE FROM imp_changed c USING imp_h i WHERE i.household_id = c.household_id AND i.is_new');
  await run(
    `UPDATE households h SET version = version + 1, updated_at = now(), updated_by = $1
     FROM imp_changed c WHERE h.id = c.household_id`,
    [meta.actorName],
  );
  await run(`INSERT INTO imp_villages SELECT DISTINCT h.region_code FROM imp_changed c JOIN households h ON h.id = c.household_id
    ON CONFLICT DO NOTHING`);
  const villages = (await q.query<{ code: string }>('SELECT code FROM imp_villages')).map((r) => r.code);
  // Villages where nothing but new households arrived: their counts grow by what those households
  // add (all their people new, living, with the categories just assigned); the others are recounted.
  const added = await q.query<VillageCounts>(
    `SELECT n.region_code AS "villageCode", n.category, sum(n.households)::int AS households, sum(n.people)::int AS people
     FROM imp_nh n WHERE n.all_new AND NOT EXISTS (SELECT 1 FROM imp_villages v WHERE v.code = n.region_code)
     GROUP BY n.region_code, n.category`,
  );
  const [cnt] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM imp_changed');
  return {
    counts: {
      householdsCreated: created.rowCount,
      householdsUpdated: cnt!.n,
      personsCreated: countOf(personsCreated),
      personsUpdated: updatedPeople.size,
      personsMoved: moved.rowCount,
      categoriesAdded: countOf(addedHousehold) + countOf(addedPerson),
      categoriesEnded: countOf(ended),
    },
    villages,
    added,
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
