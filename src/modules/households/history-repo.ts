/** SQL of attribute_history: every change of a fact, with who, when, source and reason. */
import type { Queryable } from '../../db/types.ts';
import type { Source } from './schema.ts';

export type HistoryObject = 'household' | 'person' | 'membership' | 'category' | 'monitoring';

export type NewHistory = {
  householdId: number;
  objectType: HistoryObject;
  objectId: number;
  field: string;
  oldValue: unknown;
  newValue: unknown;
};

export type HistoryRow = {
  id: number;
  household_id: number;
  object_type: HistoryObject;
  object_id: number;
  field: string;
  old_value: unknown;
  new_value: unknown;
  actor_name: string;
  at: Date;
  source: Source;
  reason: string;
};

export async function insertHistory(
  q: Queryable,
  rows: readonly NewHistory[],
  meta: { actorId: string | null; actorName: string; source: Source; reason: string },
): Promise<void> {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((r, i) => {
    const o = i * 6;
    values.push(
      r.householdId,
      r.objectType,
      r.objectId,
      r.field,
      r.oldValue === undefined ? null : JSON.stringify(r.oldValue),
      r.newValue === undefined ? null : JSON.stringify(r.newValue),
    );
    return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}::jsonb, $${o + 6}::jsonb, $A, $B, $C, $D)`;
  });
  const base = values.length;
  const sql = tuples
    .join(', ')
    .replaceAll('$A', `$${base + 1}`)
    .replaceAll('$B', `$${base + 2}`)
    .replaceAll('$C', `$${base + 3}`)
    .replaceAll('$D', `$${base + 4}`);
  await q.query(
    `INSERT INTO attribute_history (household_id, object_type, object_id, field, old_value, new_value, actor_id,
       actor_name, source, reason) VALUES ${sql}`,
    [...values, meta.actorId, meta.actorName, meta.source, meta.reason],
  );
}

/** The household's history, newest first (the timeline and the provenance of each attribute). */
export async function historyOf(q: Queryable, householdId: number, limit = 500): Promise<HistoryRow[]> {
  return q.query<HistoryRow>(
    `SELECT id, household_id, object_type, object_id, field, old_value, new_value, actor_name, at, source, reason
     FROM attribute_history WHERE household_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [householdId, limit],
  );
}

/** The last change of each attribute of these people (their history may be under other households). */
export async function lastChangesOfPersons(
  q: Queryable,
  personIds: readonly number[],
): Promise<HistoryRow[]> {
  if (personIds.length === 0) return [];
  return q.query<HistoryRow>(
    `SELECT DISTINCT ON (object_id, field) id, household_id, object_type, object_id, field, old_value, new_value,
       actor_name, at, source, reason
     FROM attribute_history WHERE object_type = 'person' AND object_id = ANY($1::bigint[])
     ORDER BY object_id, field, at DESC, id DESC`,
    [personIds],
  );
}
