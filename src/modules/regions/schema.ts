import { char, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** 行政区划: 12-digit codes; subtree queries are code ranges (`code BETWEEN lo AND hi`). */
export const regions = pgTable(
  'regions',
  {
    code: char('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'county', 'town', 'village'] }).notNull(),
    parentCode: char('parent_code', { length: 12 }),
    depth: integer('depth').notNull(),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);
