import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Policy pack versions published through doudi (SPEC §3). The packs shipped in `policies/` are files;
 * every later version is a row here. A row is never changed: a change of policy is a new version
 * (the next number of its id), and the migration makes the table append-only. `content` is the text
 * as published (YAML or JSON, comments kept); `pack` is the same text parsed, for queries.
 */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    /** Region prefix the pack governs (2–12 digits), or null for an abstract base pack. */
    region: text('region'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    extends: text('extends'),
    content: text('content').notNull(),
    pack: jsonb('pack').notNull(),
    publishedBy: uuid('published_by'),
    publishedByName: text('published_by_name').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** Why this version was published (the document, the correction). */
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] }), index('policy_versions_region_idx').on(t.region)],
);
