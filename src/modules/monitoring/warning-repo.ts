/** SQL of warnings, their verification tasks, visits and handling, and the board's counts. */
import type { Queryable } from '../../db/types.ts';
import type { HandlingRoute, VisitResult, WarningState } from './schema.ts';

export type WarningRow = {
  id: number;
  type: string;
  level: 'red' | 'orange' | 'yellow';
  state: WarningState;
  signal_key: string;
  household_id: number;
  person_id: number | null;
  region_code: string;
  reason: string;
  suggested_route: string;
  evidence: number[];
  deadline: string;
  escalated: boolean;
  run_id: number | null;
  policy_id: string;
  policy_version: number;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
};

const COLS = `id, type, level, state, signal_key, household_id, person_id, region_code, reason, suggested_route,
  evidence, deadline, escalated, run_id, policy_id, policy_version, created_at, updated_at, closed_at`;
const W_COLS = COLS.split(',')
  .map((c) => `w.${c.trim()}`)
  .join(', ');

export async function findWarning(q: Queryable, id: number, lock = false): Promise<WarningRow | undefined> {
  const [r] = await q.query<WarningRow>(
    `SELECT ${COLS} FROM warnings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r;
}

export type WarningFilter = {
  lo: string;
  hi: string;
  types?: readonly string[] | undefined;
  levels?: readonly string[] | undefined;
  states?: readonly string[] | undefined;
  escalated?: boolean | undefined;
  /** Still being worked on and past the deadline. */
  overdue?: boolean | undefined;
  householdId?: number | undefined;
  today: string;
};

/** Conditions of a filter other than the region, with parameters numbered from `$${at}`. */
function conditions(f: Omit<WarningFilter, 'lo' | 'hi'>, at: number): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${at + i}`;
  return {
    sql: `(${p(0)}::text[] IS NULL OR w.type = ANY(${p(0)}))
      AND (${p(1)}::text[] IS NULL OR w.level = ANY(${p(1)}))
      AND (${p(2)}::text[] IS NULL OR w.state = ANY(${p(2)}))
      AND (${p(3)}::boolean IS NULL OR w.escalated = ${p(3)})
      AND (${p(4)}::boolean IS NULL OR ${p(4)} = (w.state IN ('open', 'verifying', 'verified') AND w.deadline < ${p(6)}::date))
      AND (${p(5)}::bigint IS NULL OR w.household_id = ${p(5)})`,
    params: [
      f.types?.length ? f.types : null,
      f.levels?.length ? f.levels : null,
      f.states?.length ? f.states : null,
      f.escalated ?? null,
      f.overdue ?? null,
      f.householdId ?? null,
      f.today,
    ],
  };
}

const OVERDUE = (todayParam: string) =>
  `(w.state IN ('open', 'verifying', 'verified') AND w.deadline < ${todayParam}::date)`;

const ORDER = `CASE w.state WHEN 'open' THEN 0 WHEN 'verifying' THEN 1 WHEN 'verified' THEN 2 ELSE 3 END,
  CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END, w.deadline, w.id DESC`;

export async function listWarnings(
  q: Queryable,
  f: WarningFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: WarningRow[]; total: number }> {
  const c = conditions(f, 3);
  const sql = `w.region_code BETWEEN $1 AND $2 AND ${c.sql}`;
  const params = [f.lo, f.hi, ...c.params];
  const rows = await q.query<WarningRow>(
    `SELECT ${W_COLS} FROM warnings w WHERE ${sql} ORDER BY ${ORDER} LIMIT $10 OFFSET $11`,
    [...params, page.limit, page.offset],
  );
  const [n] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM warnings w WHERE ${sql}`, params);
  return { rows, total: n!.n };
}

export type CountRow = {
  key: string;
  level: string;
  state: string;
  escalated: boolean;
  overdue: boolean;
  n: number;
};

/** Counts in the filter's range by type, level, state, escalation and lateness. */
export async function countsInRange(q: Queryable, f: WarningFilter): Promise<CountRow[]> {
  const c = conditions(f, 3);
  return q.query<CountRow>(
    `SELECT w.type AS key, w.level, w.state, w.escalated, ${OVERDUE('$9')} AS overdue, count(*)::int AS n
     FROM warnings w WHERE w.region_code BETWEEN $1 AND $2 AND ${c.sql} GROUP BY 1, 2, 3, 4, 5`,
    [f.lo, f.hi, ...c.params],
  );
}

/** The same counts per child region (drill-down): `key` is the child's code. */
export async function countsByRanges(
  q: Queryable,
  ranges: ReadonlyArray<{ code: string; lo: string; hi: string }>,
  f: Omit<WarningFilter, 'lo' | 'hi'>,
): Promise<CountRow[]> {
  if (ranges.length === 0) return [];
  const c = conditions(f, 4);
  return q.query<CountRow>(
    `SELECT k.code AS key, w.level, w.state, w.escalated, ${OVERDUE('$10')} AS overdue, count(*)::int AS n
     FROM unnest($1::text[], $2::bpchar[], $3::bpchar[]) AS k(code, lo, hi)
     JOIN warnings w ON w.region_code BETWEEN k.lo AND k.hi
     WHERE ${c.sql}
     GROUP BY 1, 2, 3, 4, 5`,
    [ranges.map((r) => r.code), ranges.map((r) => r.lo), ranges.map((r) => r.hi), ...c.params],
  );
}

export async function warningsOfHousehold(q: Queryable, householdId: number): Promise<WarningRow[]> {
  return q.query<WarningRow>(
    `SELECT ${COLS} FROM warnings WHERE household_id = $1 ORDER BY created_at DESC, id DESC`,
    [householdId],
  );
}

export async function setState(q: Queryable, id: number, state: WarningState): Promise<void> {
  await q.query(
    `UPDATE warnings SET state = $2, updated_at = now(),
       closed_at = CASE WHEN $2 IN ('handled', 'closed') THEN now() ELSE NULL END WHERE id = $1`,
    [id, state],
  );
}

export type EvidenceRowView = {
  id: number;
  feed_type: string;
  person_id: number | null;
  name: string;
  facts: Record<string, unknown>;
  row_number: number;
  batch_id: number;
  file_name: string | null;
  department: string | null;
  created_at: Date;
};

export async function evidenceRows(q: Queryable, ids: readonly number[]): Promise<EvidenceRowView[]> {
  if (ids.length === 0) return [];
  return q.query<EvidenceRowView>(
    `SELECT f.id, f.feed_type, f.person_id, f.name, f.facts, f.row_number, f.batch_id, b.file_name, b.department,
            f.created_at
     FROM feed_rows f LEFT JOIN feed_batches b ON b.id = f.batch_id
     WHERE f.id = ANY($1::bigint[]) ORDER BY f.id`,
    [ids],
  );
}

// ---------------------------------------------------------------------------------------------
// Tasks and visits

export type TaskRow = {
  id: number;
  warning_id: number;
  region_code: string;
  due_date: string;
  status: 'pending' | 'done';
  escalated: boolean;
  escalated_at: Date | null;
  created_at: Date;
  completed_at: Date | null;
};

const TASK_COLS =
  'id, warning_id, region_code, due_date, status, escalated, escalated_at, created_at, completed_at';

export async function taskOfWarning(q: Queryable, warningId: number): Promise<TaskRow | undefined> {
  const [r] = await q.query<TaskRow>(`SELECT ${TASK_COLS} FROM verification_tasks WHERE warning_id = $1`, [
    warningId,
  ]);
  return r;
}

export async function completeTask(q: Queryable, taskId: number): Promise<void> {
  await q.query(`UPDATE verification_tasks SET status = 'done', completed_at = now() WHERE id = $1`, [
    taskId,
  ]);
}

export type TaskListRow = TaskRow & {
  type: string;
  level: string;
  state: WarningState;
  household_id: number;
  person_id: number | null;
  reason: string;
};

export async function listTasks(
  q: Queryable,
  f: {
    lo: string;
    hi: string;
    status?: string | undefined;
    escalated?: boolean | undefined;
    overdue?: boolean | undefined;
    today: string;
  },
  page: { limit: number; offset: number },
): Promise<{ rows: TaskListRow[]; total: number }> {
  const cond = `t.region_code BETWEEN $1 AND $2 AND ($3::text IS NULL OR t.status = $3)
    AND ($4::boolean IS NULL OR t.escalated = $4)
    AND ($5::boolean IS NULL OR $5 = (t.status = 'pending' AND t.due_date < $6::date))`;
  const params = [f.lo, f.hi, f.status ?? null, f.escalated ?? null, f.overdue ?? null, f.today];
  const rows = await q.query<TaskListRow>(
    `SELECT t.id, t.warning_id, t.region_code, t.due_date, t.status, t.escalated, t.escalated_at, t.created_at,
            t.completed_at, w.type, w.level, w.state, w.household_id, w.person_id, w.reason
     FROM verification_tasks t JOIN warnings w ON w.id = t.warning_id
     WHERE ${cond}
     ORDER BY (t.status = 'pending') DESC, t.due_date, t.id LIMIT $7 OFFSET $8`,
    [...params, page.limit, page.offset],
  );
  const [c] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM verification_tasks t WHERE ${cond}`,
    params,
  );
  return { rows, total: c!.n };
}

export type VisitRow = {
  id: number;
  task_id: number;
  warning_id: number;
  visited_on: string;
  visitor_id: string | null;
  visitor_name: string;
  /** 核查人员 entered on the form; empty on visits recorded before it asked. */
  visitors: string[];
  findings: string;
  photo_notes: string | null;
  result: VisitResult;
  created_at: Date;
};

export async function insertVisit(q: Queryable, v: Omit<VisitRow, 'id' | 'created_at'>): Promise<VisitRow> {
  const [r] = await q.query<VisitRow>(
    `INSERT INTO verification_visits (task_id, warning_id, visited_on, visitor_id, visitor_name, visitors, findings,
       photo_notes, result) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)
     RETURNING id, task_id, warning_id, visited_on, visitor_id, visitor_name, visitors, findings, photo_notes, result,
       created_at`,
    [
      v.task_id,
      v.warning_id,
      v.visited_on,
      v.visitor_id,
      v.visitor_name,
      v.visitors,
      v.findings,
      v.photo_notes,
      v.result,
    ],
  );
  return r!;
}

export async function visitsOf(q: Queryable, warningId: number): Promise<VisitRow[]> {
  return q.query<VisitRow>(
    `SELECT id, task_id, warning_id, visited_on, visitor_id, visitor_name, visitors, findings, photo_notes, result,
       created_at FROM verification_visits WHERE warning_id = $1 ORDER BY visited_on, id`,
    [warningId],
  );
}

// ---------------------------------------------------------------------------------------------
// Handling

export type HandlingRow = {
  id: number;
  warning_id: number;
  route: HandlingRoute;
  reason: string | null;
  decision: string | null;
  conference_date: string | null;
  departments: string[] | null;
  outcome: HandlingOutcome;
  handled_by_id: string | null;
  handled_by_name: string;
  handled_at: Date;
};

/** What a handling did: objects created or changed, and actions recorded for a module still to come. */
export type HandlingOutcome = {
  created: Array<{ kind: string; id: string | number; description: string }>;
  intended: Array<{ action: string; description: string }>;
};

export async function insertHandling(
  q: Queryable,
  h: Omit<HandlingRow, 'id' | 'handled_at'>,
): Promise<HandlingRow> {
  const [r] = await q.query<HandlingRow>(
    `INSERT INTO warning_handlings (warning_id, route, reason, decision, conference_date, departments, outcome,
       handled_by_id, handled_by_name) VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8,$9)
     RETURNING id, warning_id, route, reason, decision, conference_date, departments, outcome, handled_by_id,
       handled_by_name, handled_at`,
    [
      h.warning_id,
      h.route,
      h.reason,
      h.decision,
      h.conference_date,
      h.departments,
      JSON.stringify(h.outcome),
      h.handled_by_id,
      h.handled_by_name,
    ],
  );
  return r!;
}

export async function handlingOf(q: Queryable, warningId: number): Promise<HandlingRow | undefined> {
  const [r] = await q.query<HandlingRow>(
    `SELECT id, warning_id, route, reason, decision, conference_date, departments, outcome, handled_by_id,
       handled_by_name, handled_at FROM warning_handlings WHERE warning_id = $1`,
    [warningId],
  );
  return r;
}
