/**
 * The warning board (SPEC §6, §9): counts by region with drill-down, by type, level and state;
 * filtered lists of warnings and verification tasks; one warning with its evidence, task, visits and
 * handling; a household's warning history. Everything is limited to the caller's subtree; reads of
 * personal records are audited.
 */
import { z } from 'zod';
import { shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { levelOf, parseRegionCode, type RegionCode } from '../../core/region-code.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { type Actor, rangeOf, requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { householdInScope } from '../households/common.ts';
import * as regions from '../regions/repository.ts';
import * as reads from './registry-reads.ts';
import { WARNING_TYPE_LIST } from './rules/types.ts';
import { OPEN_STATES, WARNING_LEVELS, WARNING_STATES } from './schema.ts';
import * as repo from './warning-repo.ts';

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.enum(values), z.array(z.enum(values))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional();
const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const regionParam = z
  .string()
  .regex(/^\d{2,12}$/, '行政区划代码应为数字')
  .optional();

export const boardQuerySchema = z.object({
  region: regionParam,
  type: csv(WARNING_TYPE_LIST as [string, ...string[]]),
  level: csv(WARNING_LEVELS),
  state: csv(WARNING_STATES),
});
export type BoardQuery = z.infer<typeof boardQuerySchema>;

export const listQuerySchema = boardQuerySchema.extend({
  escalated: bool,
  overdue: bool,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The region to look at: the one asked for (inside the caller's subtree) or the caller's own. */
function regionFor(
  actor: Actor,
  raw: string | undefined,
  action: string,
): { code: RegionCode | null; lo: string; hi: string } {
  if (raw) {
    const code = parseRegionCode(raw);
    requireInScope(actor, code, { action, objectType: 'region', objectId: code });
    return { code, ...rangeOf(code) };
  }
  const s = scopeOf(actor);
  return { code: actor.kind === 'user' ? actor.regionCode : null, lo: s.lo, hi: s.hi };
}

export type Tally = {
  total: number;
  open: number;
  overdue: number;
  escalated: number;
  byLevel: Record<string, number>;
  byState: Record<string, number>;
};

const emptyTally = (): Tally => ({ total: 0, open: 0, overdue: 0, escalated: 0, byLevel: {}, byState: {} });

function add(t: Tally, r: repo.CountRow): void {
  t.total += r.n;
  if ((OPEN_STATES as readonly string[]).includes(r.state)) t.open += r.n;
  if (r.overdue) t.overdue += r.n;
  if (r.escalated) t.escalated += r.n;
  t.byLevel[r.level] = (t.byLevel[r.level] ?? 0) + r.n;
  t.byState[r.state] = (t.byState[r.state] ?? 0) + r.n;
}

export type Board = {
  region: { code: string; name: string; level: string } | null;
  totals: Tally;
  byType: Record<string, Tally>;
  children: Array<{ code: string; name: string; level: string } & Tally>;
};

/** Counts for the board: the region's totals, per type, and per child region (drill-down). */
export async function board(q: Queryable, actor: Actor, query: BoardQuery): Promise<Board> {
  requirePermission(actor, 'monitoring.read');
  const r = regionFor(actor, query.region, 'monitoring.board');
  const filter = { types: query.type, levels: query.level, states: query.state, today: shanghaiDate() };
  const rows = await repo.countsInRange(q, { ...filter, lo: r.lo, hi: r.hi });
  const totals = emptyTally();
  const byType: Record<string, Tally> = {};
  for (const row of rows) {
    add(totals, row);
    const t = byType[row.key] ?? emptyTally();
    byType[row.key] = t;
    add(t, row);
  }
  let region: Board['region'] = null;
  let kids: Array<{ code: string; name: string; level: string }> = [];
  if (r.code) {
    const self = await regions.findByCode(q, r.code);
    if (!self) throw new AppError('NOT_FOUND', `行政区划 ${r.code} 不存在`);
    region = { code: self.code, name: self.name, level: self.level };
    if (levelOf(r.code) !== 'village') kids = await regions.children(q, r.code);
  } else {
    kids = await regions.children(q, null);
  }
  const ranges = kids.map((k) => ({ code: k.code, ...rangeOf(k.code as RegionCode) }));
  const byChild = new Map(
    kids.map((k) => [k.code, { code: k.code, name: k.name, level: k.level, ...emptyTally() }]),
  );
  for (const row of await repo.countsByRanges(q, ranges, filter)) {
    const c = byChild.get(row.key);
    if (c) add(c, row);
  }
  return { region, totals, byType, children: [...byChild.values()] };
}

export type WarningListItem = {
  warning: repo.WarningRow;
  household: reads.HouseholdBrief | null;
  person: reads.PersonBrief | null;
  regionName: string | null;
};

async function hydrate(q: Queryable, rows: readonly repo.WarningRow[]): Promise<WarningListItem[]> {
  const [hs, ps, names] = [
    await reads.householdsBrief(q, [...new Set(rows.map((w) => w.household_id))]),
    await reads.personsBrief(q, [
      ...new Set(rows.flatMap((w) => (w.person_id === null ? [] : [w.person_id]))),
    ]),
    await reads.regionNames(
      q,
      rows.map((w) => w.region_code),
    ),
  ];
  const hById = new Map(hs.map((h) => [h.id, h]));
  const pById = new Map(ps.map((p) => [p.id, p]));
  return rows.map((w) => ({
    warning: w,
    household: hById.get(w.household_id) ?? null,
    person: w.person_id === null ? null : (pById.get(w.person_id) ?? null),
    regionName: names.get(w.region_code) ?? null,
  }));
}

/** A page of warnings matching the filters, most urgent first; the read is audited. */
export async function listWarnings(
  db: Database,
  actor: Actor,
  query: ListQuery,
): Promise<{ items: WarningListItem[]; total: number }> {
  requirePermission(actor, 'monitoring.read');
  const r = regionFor(actor, query.region, 'monitoring.list');
  return db.transaction(async (tx) => {
    const { rows, total } = await repo.listWarnings(
      tx,
      {
        lo: r.lo,
        hi: r.hi,
        types: query.type,
        levels: query.level,
        states: query.state,
        escalated: query.escalated,
        overdue: query.overdue,
        today: shanghaiDate(),
      },
      { limit: query.limit, offset: query.offset },
    );
    await audit(tx, db.kind, actor, {
      action: 'warning.list',
      objectType: 'warning',
      regionCode: r.code,
      changes: { filters: { ...query, region: r.code }, returned: rows.length },
    });
    return { items: await hydrate(tx, rows), total };
  });
}

export type WarningDetail = WarningListItem & {
  evidence: repo.EvidenceRowView[];
  task: repo.TaskRow | null;
  visits: repo.VisitRow[];
  handling: repo.HandlingRow | null;
};

/** The warning if it exists inside the caller's subtree (404 otherwise, audited). */
export async function warningInScope(q: Queryable, actor: Actor, id: number, action: string, lock = false) {
  const w = await repo.findWarning(q, id, lock);
  if (!w) throw new AppError('NOT_FOUND', '该预警不存在');
  requireInScope(actor, w.region_code as RegionCode, { action, objectType: 'warning', objectId: String(id) });
  return w;
}

export async function loadDetail(q: Queryable, w: repo.WarningRow): Promise<WarningDetail> {
  const [item] = await hydrate(q, [w]);
  return {
    ...item!,
    evidence: await repo.evidenceRows(q, w.evidence),
    task: (await repo.taskOfWarning(q, w.id)) ?? null,
    visits: await repo.visitsOf(q, w.id),
    handling: (await repo.handlingOf(q, w.id)) ?? null,
  };
}

/** One warning with its evidence rows, task, visits and handling; the read is audited. */
export async function getWarning(db: Database, actor: Actor, id: number): Promise<WarningDetail> {
  requirePermission(actor, 'monitoring.read');
  return db.transaction(async (tx) => {
    const w = await warningInScope(tx, actor, id, 'warning.read');
    const detail = await loadDetail(tx, w);
    await audit(tx, db.kind, actor, {
      action: 'warning.read',
      objectType: 'warning',
      objectId: String(id),
      regionCode: w.region_code,
    });
    return detail;
  });
}

/** Every warning of a household, newest first (the household page); the read is audited. */
export async function householdWarnings(
  db: Database,
  actor: Actor,
  householdId: number,
): Promise<WarningListItem[]> {
  requirePermission(actor, 'monitoring.read');
  return db.transaction(async (tx) => {
    const h = await householdInScope(tx, actor, householdId, 'warning.household_history');
    const rows = await repo.warningsOfHousehold(tx, householdId);
    await audit(tx, db.kind, actor, {
      action: 'warning.household_history',
      objectType: 'household',
      objectId: String(householdId),
      regionCode: h.region_code,
    });
    return hydrate(tx, rows);
  });
}

export const taskQuerySchema = z.object({
  region: regionParam,
  status: z.enum(['pending', 'done']).optional(),
  escalated: bool,
  overdue: bool,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskQuery = z.infer<typeof taskQuerySchema>;

export type TaskListItem = {
  task: repo.TaskListRow;
  household: reads.HouseholdBrief | null;
  person: reads.PersonBrief | null;
  regionName: string | null;
};

/** Verification tasks of the caller's subtree (a village assistant: their village), pending first. */
export async function listTasks(
  db: Database,
  actor: Actor,
  query: TaskQuery,
): Promise<{ items: TaskListItem[]; total: number }> {
  requirePermission(actor, 'monitoring.read');
  const r = regionFor(actor, query.region, 'monitoring.tasks');
  return db.transaction(async (tx) => {
    const { rows, total } = await repo.listTasks(
      tx,
      {
        lo: r.lo,
        hi: r.hi,
        status: query.status,
        escalated: query.escalated,
        overdue: query.overdue,
        today: shanghaiDate(),
      },
      { limit: query.limit, offset: query.offset },
    );
    await audit(tx, db.kind, actor, {
      action: 'verification_task.list',
      objectType: 'verification_task',
      regionCode: r.code,
      changes: { filters: { ...query, region: r.code }, returned: rows.length },
    });
    const hs = await reads.householdsBrief(tx, [...new Set(rows.map((t) => t.household_id))]);
    const ps = await reads.personsBrief(
      tx,
      rows.flatMap((t) => (t.person_id === null ? [] : [t.person_id])),
    );
    const names = await reads.regionNames(
      tx,
      rows.map((t) => t.region_code),
    );
    const hById = new Map(hs.map((h) => [h.id, h]));
    const pById = new Map(ps.map((p) => [p.id, p]));
    return {
      items: rows.map((t) => ({
        task: t,
        household: hById.get(t.household_id) ?? null,
        person: t.person_id === null ? null : (pById.get(t.person_id) ?? null),
        regionName: names.get(t.region_code) ?? null,
      })),
      total,
    };
  });
}
