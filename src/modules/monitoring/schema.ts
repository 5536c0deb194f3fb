/**
 * 动态监测预警 (SPEC §6): department feed batches and rows, proactive-discovery leads, warnings with
 * their verification tasks, visits and handling, monitoring runs, and the API keys department
 * systems push feeds with.
 *
 * Personal data: a feed row keeps the ID number only encrypted (`id_cipher`, SM4) and blind-indexed
 * (`id_index`, SM3-HMAC, the same index as `persons.id_index`, so matching is an indexed join); its
 * `facts` are the row's other columns, never the ID number. Row hashes are keyed (see
 * feeds/row-hash.ts) for the same reason.
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
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const inList = (col: string, values: readonly string[]) =>
  sql.raw(`${col} IN (${values.map((v) => `'${v}'`).join(', ')})`);

export const BATCH_SOURCES = ['file', 'push', 'demo'] as const;
/** `duplicate`: the same file (same type and content hash) was loaded before; nothing was read. */
export const BATCH_STATUSES = ['running', 'done', 'failed', 'duplicate'] as const;
export const LEAD_STATUSES = ['open', 'contacted', 'applied', 'dismissed', 'matched'] as const;
export const WARNING_STATES = ['open', 'verifying', 'verified', 'handled', 'closed'] as const;
/** States in which a warning is still being worked on: one signal, at most one such warning. */
export const OPEN_STATES = ['open', 'verifying', 'verified'] as const;
export const WARNING_LEVELS = ['red', 'orange', 'yellow'] as const;
export const VISIT_RESULTS = ['confirmed', 'not_confirmed', 'follow_up'] as const;
export const HANDLING_ROUTES = [
  'implement_policy',
  'inform_and_apply',
  'verify_and_terminate',
  'case_conference',
  'no_action',
] as const;
export const RUN_KINDS = ['incremental', 'full'] as const;
export const RUN_STATUSES = ['running', 'done', 'failed'] as const;

export type WarningState = (typeof WARNING_STATES)[number];
export type HandlingRoute = (typeof HANDLING_ROUTES)[number];
export type VisitResult = (typeof VISIT_RESULTS)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type RunKind = (typeof RUN_KINDS)[number];

/** One load of a feed: a file (CLI or upload), an API push, or the demo. */
export const feedBatches = pgTable(
  'feed_batches',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    feedType: text('feed_type').notNull(),
    source: text('source', { enum: BATCH_SOURCES }).notNull(),
    fileName: text('file_name'),
    /** SHA-256 (hex) of the file's bytes, or of the pushed rows' JSON. */
    contentHash: char('content_hash', { length: 64 }),
    /** For a `duplicate` batch: the earlier batch with the same content. */
    duplicateOf: bigint('duplicate_of', { mode: 'number' }),
    /** Sending department (the uploader's, the API key's, or the feed's usual one). */
    department: text('department'),
    uploadedById: text('uploaded_by_id'),
    uploadedByName: text('uploaded_by_name').notNull(),
    apiKeyId: bigint('api_key_id', { mode: 'number' }),
    /** Region of the uploader (or API key): who may list the batch. */
    regionCode: char('region_code', { length: 12 }),
    status: text('status', { enum: BATCH_STATUSES }).notNull(),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    rowsAdded: integer('rows_added').notNull().default(0),
    /** Valid rows already loaded before (same row hash): added nothing. */
    rowsDuplicate: integer('rows_duplicate').notNull().default(0),
    rowsMatched: integer('rows_matched').notNull().default(0),
    leadsAdded: integer('leads_added').notNull().default(0),
    /** Format, encoding, header row, ignored headers. */
    fileInfo: jsonb('file_info'),
    /** A whole-file problem (missing columns, unreadable file), Chinese. */
    fileError: text('file_error'),
    /**
     * The monitoring run that took the batch's rows as new (claimed when the run starts; null: not yet
     * evaluated). A failed run keeps its batches and resumes with them.
     */
    runId: bigint('run_id', { mode: 'number' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('feed_batches_content_idx').on(t.feedType, t.contentHash),
    index('feed_batches_region_idx').on(t.regionCode, t.id),
    index('feed_batches_pending_idx').on(t.id).where(sql`run_id IS NULL AND rows_added > 0`),
    check('feed_batches_status_ck', inList('status', BATCH_STATUSES)),
  ],
);

/** Row-level problems of a batch, in Chinese with the row number (第12行：…); capped per batch. */
export const feedBatchErrors = pgTable(
  'feed_batch_errors',
  {
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    rowNumber: integer('row_number').notNull(),
    message: text('message').notNull(),
  },
  (t) => [primaryKey({ name: 'feed_batch_errors_pk', columns: [t.batchId, t.rowNumber] })],
);

/**
 * Every distinct feed row ever loaded. A row loaded again (from any file, in any encoding) has the
 * same `row_hash` (over the feed type and the values, ID number included) and adds nothing. Which rows are new to the warning
 * rules is kept per batch (`feed_batches.run_id`), not per row, so evaluating a million rows writes
 * nothing back to them.
 */
export const feedRows = pgTable(
  'feed_rows',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    feedType: text('feed_type').notNull(),
    /** Keyed SHA3-256 of the normalised row (32 bytes). */
    rowHash: bytea('row_hash').notNull(),
    idIndex: bytea('id_index').notNull(),
    idCipher: bytea('id_cipher').notNull(),
    /** Name as the department sent it. */
    name: text('name').notNull(),
    /** The person matched by blind index at load time (or by a later full run). */
    personId: bigint('person_id', { mode: 'number' }),
    /** The matched person's village; else the household head's (防止返贫), else the ID's county. */
    regionCode: char('region_code', { length: 12 }),
    /**
     * The row's columns other than the ID number and name (ID numbers inside: blind index only).
     * `json`, not `jsonb`: nothing queries inside it, the rules read it whole, and the text form is
     * taken in and given out as it is (1M rows: loaded in 0.5 s instead of 1.0 s, read out in 0.3 s
     * instead of 0.7 s).
     */
    facts: json('facts').notNull(),
    rowNumber: integer('row_number').notNull(),
    batchId: bigint('batch_id', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The row hash covers the feed type and the ID number (see feeds/row-hash.ts), so one hash belongs
    // to one person: a matched row is unique by person and hash, an unmatched one by hash. A merge
    // inserts in person order, so the first index takes a million rows as one ordered pass, where an
    // index on the random hash alone took a random page per row (≈ 3 of a 9-second insert of 1M
    // rows); it also serves every read by person. Merges take turns and check both before inserting
    // (load-repo.ts), so a hash stored unmatched is not stored again matched, nor the other way.
    uniqueIndex('feed_rows_person_hash_uq').on(t.personId, t.rowHash),
    uniqueIndex('feed_rows_unmatched_hash_uq').on(t.rowHash).where(sql`person_id IS NULL`),
    // A batch's rows are inserted together, one after the other: a BRIN index finds them at almost
    // no cost per inserted row (a b-tree cost ~15% of a million-row merge).
    index('feed_rows_batch_idx').using('brin', t.batchId),
  ],
);

/**
 * 主动发现线索: a person not in the database who appears in a lead-worthy feed (hardship student,
 * serious illness, …), one lead per person (blind index). Listed for the region it belongs to: the
 * village/town when a row tells it, else the county of the ID number (a county worker passes it on).
 */
export const monitoringLeads = pgTable(
  'monitoring_leads',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    idIndex: bytea('id_index').notNull(),
    idCipher: bytea('id_cipher').notNull(),
    idMask: text('id_mask').notNull(),
    name: text('name').notNull(),
    regionCode: char('region_code', { length: 12 }),
    /** Feed types the person appeared in. */
    feedTypes: text('feed_types').array().notNull(),
    rows: integer('rows').notNull().default(1),
    status: text('status', { enum: LEAD_STATUSES }).notNull().default('open'),
    note: text('note'),
    personId: bigint('person_id', { mode: 'number' }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    uniqueIndex('monitoring_leads_index_uq').on(t.idIndex),
    index('monitoring_leads_region_idx').on(t.regionCode, t.id),
    check('monitoring_leads_status_ck', inList('status', LEAD_STATUSES)),
  ],
);

/**
 * 预警. `signal_key` (type + subject + fact, see rules/signal.ts) is unique among warnings still being
 * worked on (partial unique index), and a run never inserts a key that exists in any state, so the
 * same signal never raises a second warning.
 */
export const warnings = pgTable(
  'warnings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    type: text('type').notNull(),
    level: text('level', { enum: WARNING_LEVELS }).notNull(),
    state: text('state', { enum: WARNING_STATES }).notNull().default('open'),
    signalKey: text('signal_key').notNull(),
    householdId: bigint('household_id', { mode: 'number' }).notNull(),
    personId: bigint('person_id', { mode: 'number' }),
    /** The household's village when the warning was raised. */
    regionCode: char('region_code', { length: 12 }).notNull(),
    /** Chinese, with the figures; no names or ID numbers. */
    reason: text('reason').notNull(),
    /** The 分类处置 route the rule suggests. */
    suggestedRoute: text('suggested_route').notNull(),
    /** Ids of the evidence feed rows. */
    evidence: bigint('evidence', { mode: 'number' }).array().notNull(),
    /** 限时核查 deadline. */
    deadline: date('deadline', { mode: 'string' }).notNull(),
    escalated: boolean('escalated').notNull().default(false),
    runId: bigint('run_id', { mode: 'number' }),
    policyId: text('policy_id').notNull(),
    policyVersion: integer('policy_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('warnings_open_signal_uq')
      .on(t.signalKey)
      .where(sql`state IN ('open', 'verifying', 'verified')`),
    index('warnings_signal_idx').on(t.signalKey),
    index('warnings_region_idx').on(t.regionCode, t.id),
    index('warnings_household_idx').on(t.householdId),
    check('warnings_state_ck', inList('state', WARNING_STATES)),
    check('warnings_level_ck', inList('level', WARNING_LEVELS)),
  ],
);

/** 线下核查任务: one per warning, for the household's village (its town and village see it). */
export const verificationTasks = pgTable(
  'verification_tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    warningId: bigint('warning_id', { mode: 'number' }).notNull(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['pending', 'done'] })
      .notNull()
      .default('pending'),
    /** Overdue and passed up to the county. */
    escalated: boolean('escalated').notNull().default(false),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('verification_tasks_warning_uq').on(t.warningId),
    index('verification_tasks_region_idx').on(t.regionCode, t.status, t.dueDate),
    index('verification_tasks_due_idx').on(t.dueDate).where(sql`status = 'pending' AND NOT escalated`),
  ],
);

/** 入户核查记录 (铁脚板). Photos are described in text (no file store yet). */
export const verificationVisits = pgTable(
  'verification_visits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    taskId: bigint('task_id', { mode: 'number' }).notNull(),
    warningId: bigint('warning_id', { mode: 'number' }).notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    /** Who recorded the visit (the signed-in user). */
    visitorId: text('visitor_id'),
    visitorName: text('visitor_name').notNull(),
    /**
     * 核查人员: the people who went on the visit, as entered on the form (at least one). Empty only on
     * visits recorded before the form asked; those show the recorder.
     */
    visitors: text('visitors').array().notNull().default(sql`'{}'::text[]`),
    findings: text('findings').notNull(),
    photoNotes: text('photo_notes'),
    result: text('result', { enum: VISIT_RESULTS }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('verification_visits_warning_idx').on(t.warningId),
    check('verification_visits_result_ck', inList('result', VISIT_RESULTS)),
  ],
);

/** 分类处置 of a verified warning: the route, the reason or decision, and what it created. */
export const warningHandlings = pgTable(
  'warning_handlings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    warningId: bigint('warning_id', { mode: 'number' }).notNull(),
    route: text('route', { enum: HANDLING_ROUTES }).notNull(),
    reason: text('reason'),
    /** 一事一议 decision of the county coordination mechanism. */
    decision: text('decision'),
    conferenceDate: date('conference_date', { mode: 'string' }),
    /** Departments the need is pushed to (转办), by name. */
    departments: text('departments').array(),
    /** Objects created or changed, and intended actions no module could carry out yet. */
    outcome: jsonb('outcome').notNull(),
    handledById: text('handled_by_id'),
    handledByName: text('handled_by_name').notNull(),
    handledAt: timestamp('handled_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('warning_handlings_warning_uq').on(t.warningId),
    check('warning_handlings_route_ck', inList('route', HANDLING_ROUTES)),
  ],
);

/**
 * A monitoring run: incremental (the households of the feed batches it claims, whose rows are new to
 * it) or full (the households of every matched feed row, all rows taken as new), its work list fixed
 * in monitoring_run_chunks when it starts. `cursor` is the last household id whose chunk
 * committed; a failed or interrupted run resumes after it.
 */
export const monitoringRuns = pgTable(
  'monitoring_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: RUN_KINDS }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    runDate: date('run_date', { mode: 'string' }).notNull(),
    cursor: bigint('cursor', { mode: 'number' }).notNull().default(0),
    batchId: bigint('batch_id', { mode: 'number' }),
    householdsTotal: integer('households_total').notNull().default(0),
    householdsDone: integer('households_done').notNull().default(0),
    chunks: integer('chunks').notNull().default(0),
    warningsRaised: integer('warnings_raised').notNull().default(0),
    escalated: integer('escalated').notNull().default(0),
    /** Rule problems (a pack lacking a parameter) and notes, Chinese. */
    notes: jsonb('notes').notNull().default(sql`'[]'::jsonb`),
    error: text('error'),
    actorName: text('actor_name').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('monitoring_runs_status_idx').on(t.status, t.id),
    check('monitoring_runs_kind_ck', inList('kind', RUN_KINDS)),
    check('monitoring_runs_status_ck', inList('status', RUN_STATUSES)),
  ],
);

/**
 * The work list of a run, fixed when it starts (deleted when it finishes): the households in id order,
 * cut into chunks of the run's chunk size, one row per chunk (a million households are a hundred
 * rows, not a million). A run resumes at the first chunk that ends after its cursor.
 */
export const monitoringRunChunks = pgTable(
  'monitoring_run_chunks',
  {
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    seq: integer('seq').notNull(),
    /** The chunk's largest household id. */
    lastHouseholdId: bigint('last_household_id', { mode: 'number' }).notNull(),
    /** Ascending. */
    householdIds: bigint('household_ids', { mode: 'number' }).array().notNull(),
  },
  (t) => [primaryKey({ name: 'monitoring_run_chunks_pk', columns: [t.runId, t.seq] })],
);

/**
 * API keys of department systems pushing feeds (`X-API-Key`). Only the SHA-256 of the key is kept
 * (the key is 256 random bits, shown once); `prefix` identifies it in lists and logs.
 */
export const feedApiKeys = pgTable(
  'feed_api_keys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    department: text('department').notNull(),
    /** The department's region: batches pushed with the key belong to it. */
    regionCode: char('region_code', { length: 12 }).notNull(),
    /** Feed types the key may push. */
    feedTypes: text('feed_types').array().notNull(),
    prefix: text('prefix').notNull(),
    keyHash: char('key_hash', { length: 64 }).notNull(),
    createdById: text('created_by_id'),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedByName: text('revoked_by_name'),
  },
  (t) => [
    uniqueIndex('feed_api_keys_hash_uq').on(t.keyHash),
    index('feed_api_keys_region_idx').on(t.regionCode, t.id),
  ],
);
