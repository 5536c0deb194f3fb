/**
 * 低收入人口数据库: households, people, memberships, category assignments, the monitoring pool and
 * the history of every attribute change with its source.
 *
 * ID numbers are stored only encrypted (`id_cipher`, SM4) with a keyed blind index (`id_index`,
 * HMAC-SM3) for exact lookup and a display mask; see src/core/crypto.ts.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

import {
  CARE_LEVELS,
  CATEGORIES,
  CATEGORY_STATUSES,
  DISABILITY_TYPES,
  LABOR_CAPACITIES,
  MONITORING_REASONS,
  RELATIONS,
  RESIDENCES,
  SOURCES,
  STUDENT_STAGES,
  SUPPORTERS,
} from './enums.ts';

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export {
  CARE_LEVELS,
  CATEGORIES,
  CATEGORY_STATUSES,
  type Category,
  COUNTED_STATUSES,
  DISABILITY_TYPES,
  LABOR_CAPACITIES,
  MONITORING_REASONS,
  RELATIONS,
  RESIDENCES,
  SOURCES,
  type Source,
  STUDENT_STAGES,
  SUPPORTERS,
} from './enums.ts';

const inList = (col: string, values: readonly string[]) =>
  sql.raw(`${col} IN (${values.map((v) => `'${v}'`).join(', ')})`);

/** 家庭: one row per household; `version` is the optimistic lock of the household and its members. */
export const households = pgTable(
  'households',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** 户编号: `<village code>-<serial>`, unique. */
    householdNo: text('household_no').notNull(),
    /** Village-level region (12 digits). */
    regionCode: char('region_code', { length: 12 }).notNull(),
    residence: text('residence', { enum: RESIDENCES }).notNull(),
    address: text('address').notNull().default(''),
    headPersonId: bigint('head_person_id', { mode: 'number' }),
    /** Origin of the record as a whole; later changes are in attribute_history. */
    source: text('source', { enum: SOURCES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who made the last change (shown in the optimistic-lock conflict message). */
    updatedBy: text('updated_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('households_no_uq').on(t.householdNo),
    index('households_region_idx').on(t.regionCode, t.id),
    check('households_residence_ck', inList('residence', RESIDENCES)),
  ],
);

/** 人员: attributes of SPEC A.2; sex and birth date derived from the ID number. */
export const persons = pgTable(
  'persons',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** Current household (denormalised from memberships where to_date IS NULL). */
    householdId: bigint('household_id', { mode: 'number' }),
    /** Region of the current household (denormalised: scoped search without a join). */
    regionCode: char('region_code', { length: 12 }),
    idCipher: bytea('id_cipher').notNull(),
    idIndex: bytea('id_index').notNull(),
    /** 370***********1234 */
    idMask: text('id_mask').notNull(),
    name: text('name').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    relation: text('relation', { enum: RELATIONS }).notNull(),
    monthlyIncomeFen: bigint('monthly_income_fen', { mode: 'number' }).notNull().default(0),
    laborCapacity: text('labor_capacity', { enum: LABOR_CAPACITIES }).notNull(),
    disabilityGrade: smallint('disability_grade'),
    disabilityType: text('disability_type', { enum: DISABILITY_TYPES }),
    seriousIllness: boolean('serious_illness').notNull().default(false),
    studentStage: text('student_stage', { enum: STUDENT_STAGES }),
    employed: boolean('employed').notNull().default(false),
    careLevel: text('care_level', { enum: CARE_LEVELS }),
    supporter: text('supporter', { enum: SUPPORTERS }).notNull().default('none'),
    deathDate: date('death_date', { mode: 'string' }),
    source: text('source', { enum: SOURCES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('persons_id_index_uq').on(t.idIndex),
    index('persons_household_idx').on(t.householdId),
    // Exact and prefix name search inside a region scope: name first, then the region range.
    index('persons_name_region_idx').on(t.name.op('text_pattern_ops'), t.regionCode),
    check('persons_disability_ck', sql`disability_grade IS NULL OR disability_grade BETWEEN 1 AND 4`),
    check('persons_income_ck', sql`monthly_income_fen >= 0`),
  ],
);

/** 家庭成员关系 over time: people move between households. `to_date IS NULL` = current. */
export const memberships = pgTable(
  'memberships',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    personId: bigint('person_id', { mode: 'number' }).notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    relation: text('relation', { enum: RELATIONS }).notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    reason: text('reason'),
  },
  (t) => [
    index('memberships_household_idx').on(t.householdId),
    uniqueIndex('memberships_current_uq').on(t.personId).where(sql`to_date IS NULL`),
  ],
);

/** 救助类别认定: household-level (person_id NULL) or person-level (特困, 单人户). */
export const categoryAssignments = pgTable(
  'category_assignments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }),
    category: text('category', { enum: CATEGORIES }).notNull(),
    status: text('status', { enum: CATEGORY_STATUSES }).notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    reason: text('reason'),
    /** The decision that made it (applications module), when there is one. */
    decisionId: text('decision_id'),
    policyId: text('policy_id'),
    policyVersion: integer('policy_version'),
    source: text('source', { enum: SOURCES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('category_household_idx').on(t.householdId),
    index('category_person_idx').on(t.personId).where(sql`person_id IS NOT NULL`),
    check('category_category_ck', inList('category', CATEGORIES)),
    check('category_status_ck', inList('status', CATEGORY_STATUSES)),
  ],
);

/** 监测对象库 beyond the assisted: rejected and exited households, relapse-monitoring, latent risk. */
export const monitoringEntries = pgTable(
  'monitoring_entries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    reason: text('reason', { enum: MONITORING_REASONS }).notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    /** End of the monitoring window (null = until removed). */
    untilDate: date('until_date', { mode: 'string' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    note: text('note'),
    source: text('source', { enum: SOURCES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('monitoring_household_idx').on(t.householdId)],
);

/**
 * Every change of an attribute: old and new value, who, when, source and reason. Values are JSON
 * scalars; ID numbers appear here only masked.
 */
export const attributeHistory = pgTable(
  'attribute_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    objectType: text('object_type', {
      enum: ['household', 'person', 'membership', 'category', 'monitoring'],
    }).notNull(),
    objectId: bigint('object_id', { mode: 'number' }).notNull(),
    field: text('field').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source', { enum: SOURCES }).notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    index('history_household_idx').on(t.householdId, t.at),
    index('history_object_idx').on(t.objectType, t.objectId, t.field),
  ],
);

/**
 * Secondary indexes a bulk load dropped and has still to build. The load records them in the
 * transaction that commits its rows, so a process that dies before building them leaves this list,
 * and the next start (`migrate`) builds what is missing. See `src/db/deferred-indexes.ts`.
 */
export const deferredIndexBuilds = pgTable('deferred_index_builds', {
  indexName: text('index_name').primaryKey(),
  tableName: text('table_name').notNull(),
  definition: text('definition').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
