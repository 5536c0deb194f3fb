import { sql } from 'drizzle-orm';
import { char, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per bulk load: a registry import (CSV/XLSX) or a demo population. The report (counts and
 * the first row errors, in Chinese, with row numbers; never a clear ID number) stays for review.
 */
export const registryLoads = pgTable('registry_loads', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  kind: text('kind', { enum: ['import', 'demo'] }).notNull(),
  fileName: text('file_name'),
  /** SHA-256 of the file (imports) or `seed:size` (demo). */
  fingerprint: text('fingerprint').notNull(),
  actorName: text('actor_name').notNull(),
  /** Region scope of the importer: rows outside it are refused. */
  regionCode: char('region_code', { length: 12 }),
  status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
  rowsTotal: integer('rows_total').notNull().default(0),
  rowsOk: integer('rows_ok').notNull().default(0),
  rowsFailed: integer('rows_failed').notNull().default(0),
  summary: jsonb('summary'),
  errors: jsonb('errors'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
