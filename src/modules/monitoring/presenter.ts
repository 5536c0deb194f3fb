/**
 * What leaves the server about monitoring. Names are shown in full only to case workers
 * (`person.names`), masked (张*三) for everyone else; ID numbers only masked. Money in yuan, enum
 * codes with their Chinese names, times as ISO instants.
 */
import { z } from 'zod';
import { formatYuan } from '../../core/money.ts';
import type { Actor } from '../access/actor.ts';
import { actorLevel, can } from '../access/index.ts';
import { RELATION_LABELS } from '../households/fields.ts';
import { nameFor } from '../households/presenter.ts';
import { type ColumnSpec, FEEDS, isFeedType } from './feeds/feed-types.ts';
import { ROUTE_NAMES } from './handle.ts';
import type { LeadRow } from './leads.ts';
import { LEVEL_ZH, WARNING_TYPES, type WarningType } from './rules/types.ts';
import type { HandlingRoute, WarningState } from './schema.ts';
import type { Board, TaskListItem, WarningDetail, WarningListItem } from './warnings.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export const STATE_NAMES: Record<WarningState, string> = {
  open: '待核查',
  verifying: '核查中',
  verified: '已核实待处置',
  handled: '已处置',
  closed: '已关闭（经核查不属实）',
};
export const VISIT_RESULT_NAMES = {
  confirmed: '属实',
  not_confirmed: '不属实',
  follow_up: '需再次核查',
} as const;
export const LEAD_STATUS_NAMES = {
  open: '待跟进',
  contacted: '已联系',
  applied: '已引导申请',
  dismissed: '无需跟进',
  matched: '已在库内',
} as const;
const _BATCH_STATUS_NAMES = {
  running: '导入中',
  done: '已完成',
  failed: '失败',
  duplicate: '重复文件（未导入）',
} as const;

const typeName = (t: string): string => WARNING_TYPES[t as WarningType]?.zh ?? t;
const feedName = (t: string): string => (isFeedType(t) ? FEEDS[t].zh : t);

// ---------------------------------------------------------------------------------------------
// Warnings

const regionRef = z.object({ code: z.string(), name: z.string().nullable() });

export const warningItemSchema = z.object({
  id: z.number(),
  type: z.string(),
  typeName: z.string(),
  level: z.enum(['red', 'orange', 'yellow']),
  levelName: z.string(),
  state: z.string(),
  stateName: z.string(),
  reason: z.string(),
  suggestedRoute: z.string(),
  suggestedRouteName: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  escalated: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  region: regionRef,
  household: z
    .object({ id: z.number(), householdNo: z.string(), headName: z.string().nullable() })
    .nullable(),
  person: z
    .object({
      id: z.number(),
      name: z.string(),
      idNumberMasked: z.string(),
      relationName: z.string(),
      deceased: z.boolean(),
    })
    .nullable(),
  policy: z.object({ id: z.string(), version: z.number() }),
});
export type WarningItemDto = z.infer<typeof warningItemSchema>;

const isOpen = (s: string) => s === 'open' || s === 'verifying' || s === 'verified';

type People = Pick<WarningItemDto, 'household' | 'person'>;

/** The household and person of a warning or task, names by role. */
function presentPeople(
  actor: Actor,
  household: WarningListItem['household'],
  person: WarningListItem['person'],
): People {
  const name = nameFor(actor);
  return {
    household: household
      ? {
          id: household.id,
          householdNo: household.household_no,
          headName: household.head_name === null ? null : name(household.head_name),
        }
      : null,
    person: person
      ? {
          id: person.id,
          name: name(person.name),
          idNumberMasked: person.id_mask,
          relationName: RELATION_LABELS[person.relation as keyof typeof RELATION_LABELS] ?? person.relation,
          deceased: person.death_date !== null,
        }
      : null,
  };
}

export function presentWarning(actor: Actor, it: WarningListItem, today: string): WarningItemDto {
  const w = it.warning;
  return {
    id: w.id,
    type: w.type,
    typeName: typeName(w.type),
    level: w.level,
    levelName: LEVEL_ZH[w.level],
    state: w.state,
    stateName: STATE_NAMES[w.state],
    reason: w.reason,
    suggestedRoute: w.suggested_route,
    suggestedRouteName: ROUTE_NAMES[w.suggested_route as HandlingRoute] ?? w.suggested_route,
    deadline: w.deadline,
    overdue: isOpen(w.state) && w.deadline < today,
    escalated: w.escalated,
    createdAt: iso(w.created_at)!,
    closedAt: iso(w.closed_at),
    region: { code: w.region_code, name: it.regionName },
    ...presentPeople(actor, it.household, it.person),
    policy: { id: w.policy_id, version: w.policy_version },
  };
}

const factSchema = z.object({ key: z.string(), label: z.string(), value: z.string().nullable() });

/** A feed row's facts as labelled display strings (yuan with two decimals, enum names in Chinese). */
export function presentFacts(feedType: string, facts: Record<string, unknown>): z.infer<typeof factSchema>[] {
  if (!isFeedType(feedType)) return [];
  const out: z.infer<typeof factSchema>[] = [];
  for (const c of FEEDS[feedType].columns as readonly ColumnSpec[]) {
    if (c.key === 'id_number' || c.key === 'name' || c.type === 'id') continue;
    const v = facts[c.key];
    let value: string | null = null;
    if (v !== null && v !== undefined) {
      if (c.type === 'yuan') value = formatYuan(Number(v));
      else if (c.type === 'enum') value = c.options?.find((o) => o.code === v)?.zh ?? String(v);
      else value = String(v);
    }
    out.push({ key: c.key, label: c.zh, value });
  }
  return out;
}

const taskSchema = z.object({
  id: z.number(),
  regionCode: z.string(),
  dueDate: z.string(),
  status: z.enum(['pending', 'done']),
  escalated: z.boolean(),
  escalatedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});

const visitSchemaOut = z.object({
  id: z.number(),
  visitedOn: z.string(),
  /** Who recorded the visit (the signed-in user who submitted the form). */
  visitorName: z.string(),
  /** 核查人员: who went on the visit (the recorder, for visits recorded before the form asked). */
  visitors: z.array(z.string()),
  findings: z.string(),
  photoNotes: z.string().nullable(),
  result: z.string(),
  resultName: z.string(),
  recordedAt: z.string(),
});

export const warningDetailSchema = warningItemSchema.extend({
  evidence: z.array(
    z.object({
      id: z.number(),
      feedType: z.string(),
      feedTypeName: z.string(),
      department: z.string().nullable(),
      fileName: z.string().nullable(),
      rowNumber: z.number(),
      name: z.string(),
      facts: z.array(factSchema),
      loadedAt: z.string(),
    }),
  ),
  task: taskSchema.nullable(),
  visits: z.array(visitSchemaOut),
  handling: z
    .object({
      route: z.string(),
      routeName: z.string(),
      reason: z.string().nullable(),
      decision: z.string().nullable(),
      conferenceDate: z.string().nullable(),
      departments: z.array(z.string()),
      created: z.array(z.object({ kind: z.string(), id: z.string(), description: z.string() })),
      intended: z.array(z.object({ action: z.string(), description: z.string() })),
      handledBy: z.string(),
      handledAt: z.string(),
    })
    .nullable(),
  permissions: z.object({ visit: z.boolean(), handle: z.boolean(), caseConference: z.boolean() }),
});

export function presentTask(t: {
  id: number;
  region_code: string;
  due_date: string;
  status: 'pending' | 'done';
  escalated: boolean;
  escalated_at: Date | null;
  completed_at: Date | null;
}): z.infer<typeof taskSchema> {
  return {
    id: t.id,
    regionCode: t.region_code,
    dueDate: t.due_date,
    status: t.status,
    escalated: t.escalated,
    escalatedAt: iso(t.escalated_at),
    completedAt: iso(t.completed_at),
  };
}

export function presentWarningDetail(
  actor: Actor,
  d: WarningDetail,
  today: string,
): z.infer<typeof warningDetailSchema> {
  const name = nameFor(actor);
  const level = actorLevel(actor);
  return {
    ...presentWarning(actor, d, today),
    evidence: d.evidence.map((e) => ({
      id: e.id,
      feedType: e.feed_type,
      feedTypeName: feedName(e.feed_type),
      department: e.department,
      fileName: e.file_name,
      rowNumber: e.row_number,
      name: name(e.name),
      facts: presentFacts(e.feed_type, e.facts),
      loadedAt: iso(e.created_at)!,
    })),
    task: d.task ? presentTask(d.task) : null,
    visits: d.visits.map((v) => ({
      id: v.id,
      visitedOn: v.visited_on,
      visitorName: v.visitor_name,
      visitors: v.visitors.length > 0 ? v.visitors : [v.visitor_name],
      findings: v.findings,
      photoNotes: v.photo_notes,
      result: v.result,
      resultName: VISIT_RESULT_NAMES[v.result],
      recordedAt: iso(v.created_at)!,
    })),
    handling: d.handling
      ? {
          route: d.handling.route,
          routeName: ROUTE_NAMES[d.handling.route],
          reason: d.handling.reason,
          decision: d.handling.decision,
          conferenceDate: d.handling.conference_date,
          departments: d.handling.departments ?? [],
          created: d.handling.outcome.created.map((c) => ({ ...c, id: String(c.id) })),
          intended: d.handling.outcome.intended,
          handledBy: d.handling.handled_by_name,
          handledAt: iso(d.handling.handled_at)!,
        }
      : null,
    permissions: {
      visit:
        can(actor, 'monitoring.verify') && (d.warning.state === 'open' || d.warning.state === 'verifying'),
      handle: can(actor, 'monitoring.handle') && d.warning.state === 'verified',
      caseConference:
        can(actor, 'monitoring.handle') &&
        level !== 'town' &&
        level !== 'village' &&
        d.warning.state === 'verified',
    },
  };
}

export const taskItemSchema = z.object({
  task: taskSchema,
  warning: z.object({
    id: z.number(),
    type: z.string(),
    typeName: z.string(),
    level: z.string(),
    levelName: z.string(),
    state: z.string(),
    stateName: z.string(),
    reason: z.string(),
  }),
  region: regionRef,
  household: warningItemSchema.shape.household,
  person: warningItemSchema.shape.person,
  overdue: z.boolean(),
});

export function presentTaskItem(
  actor: Actor,
  it: TaskListItem,
  today: string,
): z.infer<typeof taskItemSchema> {
  const t = it.task;
  return {
    task: presentTask(t),
    warning: {
      id: t.warning_id,
      type: t.type,
      typeName: typeName(t.type),
      level: t.level,
      levelName: LEVEL_ZH[t.level as 'red'] ?? t.level,
      state: t.state,
      stateName: STATE_NAMES[t.state],
      reason: t.reason,
    },
    region: { code: t.region_code, name: it.regionName },
    ...presentPeople(actor, it.household, it.person),
    overdue: t.status === 'pending' && t.due_date < today,
  };
}

// ---------------------------------------------------------------------------------------------
// Board

const tallySchema = z.object({
  total: z.number(),
  open: z.number(),
  overdue: z.number(),
  escalated: z.number(),
  byLevel: z.record(z.string(), z.number()),
  byState: z.record(z.string(), z.number()),
});

export const boardSchema = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.string() }).nullable(),
  totals: tallySchema,
  byType: z.array(tallySchema.extend({ type: z.string(), typeName: z.string() })),
  children: z.array(tallySchema.extend({ code: z.string(), name: z.string(), level: z.string() })),
});

export function presentBoard(b: Board): z.infer<typeof boardSchema> {
  return {
    region: b.region,
    totals: b.totals,
    byType: Object.entries(b.byType)
      .map(([type, t]) => ({ type, typeName: typeName(type), ...t }))
      .sort((a, b2) => b2.total - a.total || (a.type < b2.type ? -1 : 1)),
    children: b.children,
  };
}

// ---------------------------------------------------------------------------------------------
// Leads

export const leadSchema = z.object({
  id: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  region: regionRef.nullable(),
  regionPrecision: z.enum(['village', 'town', 'county', 'unknown']),
  feedTypes: z.array(z.object({ type: z.string(), name: z.string() })),
  rows: z.number(),
  status: z.string(),
  statusName: z.string(),
  note: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  updatedBy: z.string().nullable(),
});

export function presentLead(
  actor: Actor,
  l: LeadRow,
  names: ReadonlyMap<string, string>,
): z.infer<typeof leadSchema> {
  const code = l.region_code;
  const precision = !code
    ? 'unknown'
    : code.slice(6) === '000000'
      ? 'county'
      : code.slice(9) === '000'
        ? 'town'
        : 'village';
  return {
    id: l.id,
    name: nameFor(actor)(l.name),
    idNumberMasked: l.id_mask,
    region: code ? { code, name: names.get(code) ?? null } : null,
    regionPrecision: precision,
    feedTypes: l.feed_types.map((t) => ({ type: t, name: feedName(t) })),
    rows: l.rows,
    status: l.status,
    statusName: LEAD_STATUS_NAMES[l.status],
    note: l.note,
    firstSeenAt: iso(l.first_seen_at)!,
    lastSeenAt: iso(l.last_seen_at)!,
    updatedBy: l.updated_by,
  };
}
