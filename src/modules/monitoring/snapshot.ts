/**
 * From database rows to what the pure rules read: a `HouseholdSnapshot` per household and its feed
 * rows as `EvidenceRow`s. Pure.
 */
import type { IsoDate } from '../../core/dates.ts';
import type { DisabilityType, LaborCapacity, Relation } from '../../policy/household-input.ts';
import type { FeedType } from './feeds/feed-types.ts';
import type { RunCategory, RunHousehold, RunMember } from './registry-reads.ts';
import { mainLabourerIds } from './rules/population.ts';
import type { EvidenceRow, HouseholdSnapshot, MemberSnapshot, SnapshotCategory } from './rules/types.ts';

export type StoredFeedRow = {
  id: number;
  feed_type: string;
  person_id: number;
  facts: Record<string, unknown>;
  /** From a batch the run claimed (new to it). */
  is_new: boolean;
};

const CATEGORY_SET: ReadonlySet<string> = new Set([
  'tekun',
  'dibao',
  'dibao_edge',
  'rigid_expense',
  'relapse_monitor',
  'other',
]);
const asCategory = (c: string): SnapshotCategory | null =>
  CATEGORY_SET.has(c) ? (c as SnapshotCategory) : null;

const NO_CATEGORIES: readonly SnapshotCategory[] = Object.freeze([]);

const sortedList = (set: ReadonlySet<SnapshotCategory> | undefined): readonly SnapshotCategory[] =>
  set === undefined || set.size === 0 ? NO_CATEGORIES : [...set].sort();

// Loops rather than map/filter/spread: this runs once per household of a run (millions of times).
export function buildSnapshot(
  h: RunHousehold,
  members: readonly RunMember[],
  categories: readonly RunCategory[],
): HouseholdSnapshot {
  let householdCats: Set<SnapshotCategory> | undefined;
  let personCats: Map<number, Set<SnapshotCategory>> | undefined;
  for (const c of categories) {
    const cat = asCategory(c.category);
    if (!cat) continue;
    if (c.person_id === null) {
      if (c.household_id !== h.id) continue;
      householdCats ??= new Set();
      householdCats.add(cat);
    } else {
      personCats ??= new Map();
      const set = personCats.get(c.person_id);
      if (set) set.add(cat);
      else personCats.set(c.person_id, new Set([cat]));
    }
  }
  const snaps: MemberSnapshot[] = new Array(members.length);
  let monthly = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.death_date === null) monthly += m.monthly_income_fen;
    snaps[i] = {
      personId: m.id,
      relation: m.relation as Relation,
      categories: sortedList(personCats?.get(m.id)),
      isMainLabourer: false,
      monthlyIncomeFen: m.monthly_income_fen,
      laborCapacity: m.labor_capacity as LaborCapacity,
      employed: m.employed,
      // A grade recorded without a type counts by grade alone (physical is neither 智力 nor 精神).
      disability:
        m.disability_grade === null
          ? null
          : { grade: m.disability_grade, type: (m.disability_type ?? 'physical') as DisabilityType },
      seriousIllness: m.serious_illness,
      deathDate: m.death_date as IsoDate | null,
    };
  }
  // The database does not record who the main labourer is: the rules' default tells it.
  for (const id of mainLabourerIds(snaps)) {
    for (const s of snaps) if (String(s.personId) === String(id)) s.isMainLabourer = true;
  }
  return {
    householdId: h.id,
    regionCode: h.region_code,
    residence: h.residence,
    categories: sortedList(householdCats),
    income12mFen: 12 * monthly,
    members: snaps,
  };
}

/** A stored row as rule evidence; `isNew` when from a batch the run claimed (or always, in a full run). */
export function toEvidence(r: StoredFeedRow, allNew: boolean): EvidenceRow {
  return {
    ref: String(r.id),
    feedType: r.feed_type as FeedType,
    personId: r.person_id,
    isNew: allNew || r.is_new,
    facts: r.facts,
  } as unknown as EvidenceRow;
}
