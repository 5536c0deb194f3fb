/**
 * What leaves the server about households and people. Names are shown in full only to case workers
 * (`person.names`) — everyone else with read access sees 张*三. ID numbers are always masked here;
 * the full number comes only from the audited reveal endpoint.
 */
import { z } from 'zod';
import { maskName } from '../../core/mask.ts';
import { fenToYuan } from '../../core/money.ts';
import type { Actor } from '../access/actor.ts';
import { can } from '../access/index.ts';
import { CATEGORY_LABELS, MONITORING_LABELS, RELATION_LABELS, SOURCE_LABELS } from './fields.ts';
import { activeMonitoring, currentCategories, type HouseholdPage, type Provenance } from './page.ts';
import type { CategoryRow, PersonRow } from './repository.ts';
import type { SearchResult } from './search.ts';

export const nameFor = (actor: Actor) => (name: string) =>
  can(actor, 'person.names') ? name : maskName(name);

const regionRef = z.object({ code: z.string(), name: z.string(), level: z.string() });
const provenanceSchema = z.object({
  source: z.string(),
  sourceName: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  reason: z.string().nullable(),
});

export const personSchema = z.object({
  personId: z.number(),
  name: z.string(),
  idNumberMasked: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number(),
  relation: z.string(),
  relationName: z.string(),
  monthlyIncome: z.number(),
  laborCapacity: z.string(),
  disability: z.object({ grade: z.number(), type: z.string().nullable() }).nullable(),
  seriousIllness: z.boolean(),
  studentStage: z.string().nullable(),
  employed: z.boolean(),
  careLevel: z.string().nullable(),
  supporter: z.string(),
  deathDate: z.string().nullable(),
  memberSince: z.string().nullable(),
  provenance: z.record(z.string(), provenanceSchema),
});

const categorySchema = z.object({
  id: z.number(),
  category: z.string(),
  categoryName: z.string(),
  level: z.enum(['household', 'person']),
  personId: z.number().nullable(),
  personName: z.string().nullable(),
  status: z.string(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
  reason: z.string().nullable(),
  decisionId: z.string().nullable(),
  policy: z.object({ id: z.string(), version: z.number().nullable() }).nullable(),
  source: z.string(),
});

export const householdPageSchema = z.object({
  household: z.object({
    id: z.number(),
    householdNo: z.string(),
    region: regionRef,
    regionPath: z.array(regionRef),
    residence: z.enum(['urban', 'rural']),
    address: z.string(),
    headPersonId: z.number().nullable(),
    version: z.number(),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
    source: z.string(),
    provenance: z.record(z.string(), provenanceSchema),
  }),
  members: z.array(personSchema),
  formerMembers: z.array(
    z.object({
      personId: z.number(),
      name: z.string(),
      idNumberMasked: z.string(),
      leftOn: z.string(),
      reason: z.string().nullable(),
    }),
  ),
  categories: z.object({ current: z.array(categorySchema), history: z.array(categorySchema) }),
  monitoring: z.object({
    active: z.boolean(),
    entries: z.array(
      z.object({
        id: z.number(),
        reason: z.string(),
        reasonName: z.string(),
        fromDate: z.string(),
        untilDate: z.string().nullable(),
        closedAt: z.string().nullable(),
        note: z.string().nullable(),
        active: z.boolean(),
      }),
    ),
  }),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      title: z.string(),
      detail: z.string().nullable(),
      actor: z.string().nullable(),
      source: z.string().nullable(),
    }),
  ),
  permissions: z.object({ edit: z.boolean(), revealId: z.boolean(), endCategories: z.boolean() }),
});
export type HouseholdPageDto = z.infer<typeof householdPageSchema>;

const presentProvenance = (p: Provenance) => ({
  ...p,
  sourceName: SOURCE_LABELS[p.source as keyof typeof SOURCE_LABELS] ?? p.source,
});

export function presentPerson(
  actor: Actor,
  p: PersonRow,
  extra: { age: number; memberSince: string | null; provenance: Record<string, Provenance> },
): z.infer<typeof personSchema> {
  const name = nameFor(actor);
  return {
    personId: p.id,
    name: name(p.name),
    idNumberMasked: p.id_mask,
    sex: p.sex,
    birthDate: p.birth_date,
    age: extra.age,
    relation: p.relation,
    relationName: RELATION_LABELS[p.relation as keyof typeof RELATION_LABELS] ?? p.relation,
    monthlyIncome: fenToYuan(p.monthly_income_fen),
    laborCapacity: p.labor_capacity,
    disability: p.disability_grade === null ? null : { grade: p.disability_grade, type: p.disability_type },
    seriousIllness: p.serious_illness,
    studentStage: p.student_stage,
    employed: p.employed,
    careLevel: p.care_level,
    supporter: p.supporter,
    deathDate: p.death_date,
    memberSince: extra.memberSince,
    provenance: Object.fromEntries(
      Object.entries(extra.provenance).map(([k, v]) => [k, presentProvenance(v)]),
    ),
  };
}

function presentCategory(
  actor: Actor,
  c: CategoryRow,
  names: Map<number, string>,
): z.infer<typeof categorySchema> {
  const name = nameFor(actor);
  const personName = c.person_id === null ? null : names.get(c.person_id);
  return {
    id: c.id,
    category: c.category,
    categoryName: CATEGORY_LABELS[c.category],
    level: c.person_id === null ? 'household' : 'person',
    personId: c.person_id,
    personName: personName ? name(personName) : null,
    status: c.status,
    fromDate: c.from_date,
    toDate: c.to_date,
    reason: c.reason,
    decisionId: c.decision_id,
    policy: c.policy_id ? { id: c.policy_id, version: c.policy_version } : null,
    source: c.source,
  };
}

export function presentHouseholdPage(actor: Actor, page: HouseholdPage): HouseholdPageDto {
  const h = page.household;
  const name = nameFor(actor);
  const current = new Set(currentCategories(page.categories).map((c) => c.id));
  const active = new Set(activeMonitoring(page.monitoring).map((m) => m.id));
  const region = page.region ?? { code: h.region_code, name: h.region_code, level: 'village', path: [] };
  // Timeline titles carry names: mask them for roles that see masked names.
  const masked = !can(actor, 'person.names');
  const maskText = (s: string | null) => {
    if (!masked || s === null) return s;
    let out = s;
    for (const n of page.names.values()) out = out.replaceAll(n, maskName(n));
    return out;
  };
  return {
    household: {
      id: h.id,
      householdNo: h.household_no,
      region: { code: region.code, name: region.name, level: region.level },
      regionPath: region.path,
      residence: h.residence,
      address: h.address,
      headPersonId: h.head_person_id,
      version: h.version,
      updatedAt: new Date(h.updated_at).toISOString(),
      updatedBy: h.updated_by,
      source: h.source,
      provenance: Object.fromEntries(
        Object.entries(page.householdProvenance).map(([k, v]) => [k, presentProvenance(v)]),
      ),
    },
    members: page.members.map((m) => presentPerson(actor, m.person, m)),
    formerMembers: page.formerMembers.map((f) => ({
      personId: f.person.id,
      name: name(f.person.name),
      idNumberMasked: f.person.id_mask,
      leftOn: f.leftOn,
      reason: f.reason,
    })),
    categories: {
      current: page.categories
        .filter((c) => current.has(c.id))
        .map((c) => presentCategory(actor, c, page.names)),
      history: page.categories
        .filter((c) => !current.has(c.id))
        .map((c) => presentCategory(actor, c, page.names)),
    },
    monitoring: {
      active: active.size > 0,
      entries: page.monitoring.map((m) => ({
        id: m.id,
        reason: m.reason,
        reasonName: MONITORING_LABELS[m.reason],
        fromDate: m.from_date,
        untilDate: m.until_date,
        closedAt: m.closed_at ? new Date(m.closed_at).toISOString() : null,
        note: m.note,
        active: active.has(m.id),
      })),
    },
    timeline: page.timeline.map((t) => ({
      ...t,
      title: maskText(t.title) ?? '',
      detail: maskText(t.detail),
    })),
    permissions: {
      edit: can(actor, 'person.write'),
      revealId: can(actor, 'person.reveal_id'),
      endCategories: can(actor, 'category.end'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Search

export const searchItemSchema = z.object({
  householdId: z.number(),
  householdNo: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  residence: z.string(),
  address: z.string(),
  head: z.object({ personId: z.number(), name: z.string(), idNumberMasked: z.string() }).nullable(),
  memberCount: z.number(),
  categories: z.array(z.object({ category: z.string(), categoryName: z.string() })),
  monitored: z.boolean(),
  matchedMembers: z.array(z.object({ personId: z.number(), name: z.string(), idNumberMasked: z.string() })),
});

export const searchResponseSchema = z.object({
  items: z.array(searchItemSchema),
  total: z.number(),
  totalIsLowerBound: z.boolean(),
  limit: z.number(),
  offset: z.number(),
});

export function presentSearch(actor: Actor, r: SearchResult, page: { limit: number; offset: number }) {
  const name = nameFor(actor);
  return {
    items: r.items.map((i) => ({
      householdId: i.householdId,
      householdNo: i.householdNo,
      region: i.region,
      residence: i.residence,
      address: i.address,
      head: i.head
        ? { personId: i.head.personId, name: name(i.head.name), idNumberMasked: i.head.idMask }
        : null,
      memberCount: i.memberCount,
      categories: i.categories.map((c) => ({ category: c, categoryName: CATEGORY_LABELS[c] })),
      monitored: i.monitored,
      matchedMembers: i.matched.map((m) => ({
        personId: m.personId,
        name: name(m.name),
        idNumberMasked: m.idMask,
      })),
    })),
    total: r.total,
    totalIsLowerBound: r.totalIsLowerBound,
    limit: page.limit,
    offset: page.offset,
  };
}
