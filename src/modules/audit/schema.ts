import { bigserial, char, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, tamper-evident audit log. `hash` = SM3(prevHash ‖ canonical content); a trigger
 * (migration 0001) refuses UPDATE and DELETE, and `doudi audit verify` recomputes the chain.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    regionCode: char('region_code', { length: 12 }),
    result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    changes: jsonb('changes'),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
  },
  (t) => [index('audit_object_idx').on(t.objectType, t.objectId), index('audit_actor_idx').on(t.actorId)],
);
