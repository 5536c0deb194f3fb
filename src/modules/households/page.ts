/**
 * The household page: everything about one household in one read, audited — members with the
 * provenance of each attribute, categories with their history, monitoring status and the timeline.
 */

import { shanghaiDate } from '../../core/dates.ts';
import { ageFromBirthDate } from '../../core/id-number.ts';
import type { RegionCode } from '../../core/region-code.ts';
import type { Database, Queryable } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { describe, type RegionDetail } from '../regions/service.ts';
import { householdInScope } from './common.ts';
import { PERSON_COLUMNS } from './fields.ts';
import * as history from './history-repo.ts';
import * as repo from './repository.ts';
import { COUNTED_STATUSES } from './schema.ts';
import { buildTimeline, externalEvents, type TimelineItem } from './timeline.ts';

export type Provenance = { source: string; at: string; actor: string | null; reason: string | null };

export type MemberView = {
  person: repo.PersonRow;
  age: number;
  memberSince: string | null;
  provenance: Record<string, Provenance>;
};

export type HouseholdPage = {
  household: repo.HouseholdRow;
  region: RegionDetail | null;
  members: MemberView[];
  formerMembers: Array<{ person: repo.PersonRow; leftOn: string; reason: string | null; relation: string }>;
  categories: repo.CategoryRow[];
  monitoring: repo.MonitoringRow[];
  householdProvenance: Record<string, Provenance>;
  timeline: TimelineItem[];
  names: Map<number, string>;
};

const origin = (source: string, at: Date): Provenance => ({
  source,
  at: new Date(at).toISOString(),
  actor: null,
  reason: null,
});

/** Loads the page inside a transaction (consistent snapshot) and audits the read. */
export async function getHouseholdPage(db: Database, actor: Actor, id: number): Promise<HouseholdPage> {
  requirePermission(actor, 'person.read');
  return db.transaction(async (tx) => {
    const page = await loadPage(tx, actor, id, 'household.read');
    await audit(tx, db.kind, actor, {
      action: 'household.read',
      objectType: 'household',
      objectId: String(id),
      regionCode: page.household.region_code,
    });
    return page;
  });
}

export async function loadPage(
  q: Queryable,
  actor: Actor,
  id: number,
  action: string,
): Promise<HouseholdPage> {
  const household = await householdInScope(q, actor, id, action);
  // One after another: a transaction is one connection, and node-postgres wants one query at a time.
  const persons = await repo.membersOf(q, id);
  const memberships = await repo.membershipsOfHousehold(q, id);
  const categories = await repo.categoriesOf(q, id);
  const monitoring = await repo.monitoringOf(q, id);
  const hist = await history.historyOf(q, id);
  const former = await repo.formerMembers(q, id);
  const lastChanges = await history.lastChangesOfPersons(
    q,
    persons.map((p) => p.id),
  );
  const region = await describe(q, household.region_code as RegionCode);
  const today = shanghaiDate();

  const since = new Map<number, string>();
  for (const m of memberships) if (m.to_date === null) since.set(m.person_id, m.from_date);
  const byPerson = new Map<number, Record<string, Provenance>>();
  for (const h of lastChanges) {
    let p = byPerson.get(h.object_id);
    if (!p) {
      p = {};
      byPerson.set(h.object_id, p);
    }
    p[h.field] = {
      source: h.source,
      at: new Date(h.at).toISOString(),
      actor: h.actor_name,
      reason: h.reason,
    };
  }
  const members: MemberView[] = persons.map((p) => {
    const changed = byPerson.get(p.id) ?? {};
    const provenance: Record<string, Provenance> = {};
    for (const f of ['idNumber', ...Object.keys(PERSON_COLUMNS), 'deathDate']) {
      provenance[f] = changed[f] ?? origin(p.source, p.created_at);
    }
    return {
      person: p,
      age: ageFromBirthDate(p.birth_date, p.death_date ?? today),
      memberSince: since.get(p.id) ?? null,
      provenance,
    };
  });

  const householdProvenance: Record<string, Provenance> = {};
  for (const f of ['address', 'residence', 'regionCode', 'head']) {
    const h = hist.find((r) => r.object_type === 'household' && r.field === f);
    householdProvenance[f] = h
      ? { source: h.source, at: new Date(h.at).toISOString(), actor: h.actor_name, reason: h.reason }
      : origin(household.source, household.created_at);
  }

  const names = new Map<number, string>();
  for (const p of persons) names.set(p.id, p.name);
  for (const p of former) names.set(p.id, p.name);
  const missing = memberships.map((m) => m.person_id).filter((pid) => !names.has(pid));
  for (const pid of new Set(missing)) {
    const p = await repo.findPerson(q, pid);
    if (p) names.set(pid, p.name);
  }
  const timeline = buildTimeline({
    history: hist,
    memberships,
    categories,
    monitoring,
    nameOf: (pid) => (pid === null ? null : (names.get(pid) ?? null)),
    external: await externalEvents(q, id),
  });
  return {
    household,
    region,
    members,
    formerMembers: former.map((f) => ({
      person: f,
      leftOn: f.left_on,
      reason: f.left_reason,
      relation: f.former_relation,
    })),
    categories,
    monitoring,
    householdProvenance,
    timeline,
    names,
  };
}

/** Categories in force (active or in 渐退期). */
export const currentCategories = (cats: readonly repo.CategoryRow[]) =>
  cats.filter((c) => (COUNTED_STATUSES as readonly string[]).includes(c.status));

/** Monitoring entries not closed and not past their window. */
export const activeMonitoring = (entries: readonly repo.MonitoringRow[], today = shanghaiDate()) =>
  entries.filter((m) => m.closed_at === null && (m.until_date === null || m.until_date >= today));
