import { char, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Pre-aggregated counts per village × category, kept right on every change of a household (the
 * services recompute the touched villages in the same transaction) and rebuilt after bulk loads.
 * The dashboard drill-down is a GROUP BY over these ~50,000 villages, never over the people.
 *
 * `category` is one of the categories, or `_all` for households / people in any category (a person
 * in two categories counts once there).
 */
export const statsVillageCategory = pgTable(
  'stats_village_category',
  {
    villageCode: char('village_code', { length: 12 }).notNull(),
    category: text('category').notNull(),
    households: integer('households').notNull(),
    people: integer('people').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'stats_village_category_pk', columns: [t.villageCode, t.category] })],
);
