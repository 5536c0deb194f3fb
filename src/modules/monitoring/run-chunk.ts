/**
 * One chunk of a monitoring run: read the households, their members, the categories in force and the
 * members' feed rows (`readChunk`, I/O), then run the rules over them (`evaluateChunk`, CPU). Split so
 * that the run reads the next chunk while it evaluates this one.
 */
import type { IsoDate } from '../../core/dates.ts';
import type { Queryable } from '../../db/types.ts';
import type { PolicyPack } from '../../policy/engine.ts';
import { type CatalogEntry, type PackCatalog, resolvePackFor } from '../../policy/pack-loader.ts';
import { assistanceChain, expectedAssistance } from './assistance-chain.ts';
import { type IdSelection, selectIds } from './id-selection.ts';
import * as reads from './registry-reads.ts';
import { evaluateHousehold } from './rules/evaluate.ts';
import { type CompiledMonitoringRules, compileMonitoringRules } from './rules/params.ts';
import { policyNotImplemented, type ReceivedAssistance } from './rules/policy-not-implemented.ts';
import type { EvidenceRow, WarningCandidate } from './rules/types.ts';
import * as repo from './run-repo.ts';
import { buildSnapshot, type StoredFeedRow, toEvidence } from './snapshot.ts';

/** The pack in force per region on the run date, and the Chinese notes of rules it switches off. */
export class PackResolver {
  private readonly byRegion = new Map<string, CatalogEntry | null>();
  readonly notes = new Set<string>();
  constructor(
    private readonly catalog: PackCatalog,
    private readonly date: string,
  ) {}

  entry(region: string): CatalogEntry | null {
    let e = this.byRegion.get(region);
    if (e === undefined) {
      try {
        e = resolvePackFor(this.catalog, region, this.date);
      } catch {
        e = null;
        this.notes.add(`行政区划 ${region} 在 ${this.date} 没有适用的政策参数包，该地家庭未做预警判断`);
      }
      this.byRegion.set(region, e);
    }
    return e;
  }

  rules(entry: CatalogEntry): CompiledMonitoringRules {
    const rules = compileMonitoringRules(entry.pack);
    for (const p of rules.problems) this.notes.add(p.message);
    return rules;
  }
}

type ChunkBase = {
  ids: number[];
  households: reads.RunHousehold[];
  categories: reads.RunCategory[];
  rows: StoredFeedRow[];
};

/**
 * A chunk's data. With an assistance chain, the members carry what the assessment engine reads
 * (政策未落实 assesses the household); without one, only what the warning rules read.
 */
export type ChunkData = ChunkBase &
  (
    | { members: reads.RunMember[]; received: null }
    | { members: reads.RegistryMember[]; received: Map<number, ReceivedAssistance[]> }
  );

/** What a run's chunks are read with: the run, its date, the batches new to it, where it stands. */
export type RunScope = {
  runId: number;
  runDate: IsoDate;
  /** Batches the run claimed: their rows are new to it. */
  batches: readonly number[];
  /** Households up to this id are done (a resumed run). */
  cursor: number;
};

/**
 * One chunk of the run's work list (by its number), with everything the rules read; null when none
 * of its households is left to do. Queries that do not depend on each other run at once (on a pool,
 * each on its own connection).
 */
export async function readChunk(q: Queryable, scope: RunScope, seq: number): Promise<ChunkData | null> {
  const { runId, runDate, batches } = scope;
  const ids = await repo.chunkHouseholds(q, runId, seq, scope.cursor);
  if (ids.length === 0) return null;
  const hs = selectIds(ids);
  const chain = assistanceChain();
  const [households, own, ofMembers, received] = await Promise.all([
    reads.householdsByIds(q, hs),
    reads.householdCategoriesInForce(q, hs, runDate),
    membersWithRows(q, hs, runDate, batches, chain !== null),
    chain ? chain.received(q, ids) : null,
  ]);
  const base = { ids, households, categories: own.concat(ofMembers.categories), rows: ofMembers.rows };
  return received
    ? { ...base, members: ofMembers.members as reads.RegistryMember[], received }
    : { ...base, members: ofMembers.members, received: null };
}

async function membersWithRows(
  q: Queryable,
  hs: IdSelection,
  runDate: IsoDate,
  batches: readonly number[],
  forAssessment: boolean,
): Promise<{ members: reads.RunMember[]; categories: reads.RunCategory[]; rows: StoredFeedRow[] }> {
  const members = forAssessment
    ? await reads.membersOfHouseholds(q, hs)
    : await reads.runMembersOfHouseholds(q, hs);
  const ms = selectIds(members.map((m) => m.id));
  const [categories, rows] = await Promise.all([
    reads.memberCategoriesInForce(q, ms, runDate),
    repo.feedRowsOfPersons(q, ms, batches),
  ]);
  return { members, categories, rows };
}

/** Evaluates one chunk of households; returns the warnings they raise. */
export function evaluateChunk(
  data: ChunkData,
  packs: PackResolver,
  runDate: IsoDate,
  allNew: boolean,
): repo.NewWarning[] {
  const { households, members, categories, rows, received } = data;

  // Members, categories and rows by household: loops with module-level helpers, no closure per call.
  const membersOf = new Map<number, reads.RunMember[]>();
  const personHousehold = new Map<number, number>();
  for (const m of members) {
    append(membersOf, m.household_id, m);
    personHousehold.set(m.id, m.household_id);
  }
  const catsOf = new Map<number, reads.RunCategory[]>();
  for (const c of categories) {
    const hid = c.person_id === null ? c.household_id : personHousehold.get(c.person_id);
    if (hid !== undefined) append(catsOf, hid, c);
  }
  const rowsOf = new Map<number, StoredFeedRow[]>();
  for (const r of rows) append(rowsOf, personHousehold.get(r.person_id) ?? -1, r);

  const candidates: repo.NewWarning[] = [];
  for (const h of households) {
    const hm = membersOf.get(h.id) ?? [];
    const hc = catsOf.get(h.id) ?? [];
    const hr = rowsOf.get(h.id) ?? [];
    if (hr.length === 0 && !received) continue;
    const entry = packs.entry(h.region_code);
    if (!entry) continue;
    const rules = packs.rules(entry);
    const household = buildSnapshot(h, hm, hc);
    const out: WarningCandidate[] = [];
    if (hr.length > 0) {
      const evidence: EvidenceRow[] = new Array(hr.length);
      for (let i = 0; i < hr.length; i++) evidence[i] = toEvidence(hr[i]!, allNew);
      for (const w of evaluateHousehold({ household, evidence, rules, runDate }).warnings) out.push(w);
    }
    // With a chain, readChunk read the members with what the engine needs (ChunkData).
    if (received && hm.every(isRegistryMember)) {
      const expected = expectedAssistance(h, hm, hc, entry.pack as PolicyPack, runDate);
      if (expected && expected.length > 0) {
        out.push(
          ...policyNotImplemented({
            household,
            expected,
            received: received.get(h.id) ?? [],
            rules,
            runDate,
          }),
        );
      }
    }
    for (const w of out) {
      candidates.push({
        type: w.type,
        level: w.level,
        signalKey: w.signalKey,
        householdId: h.id,
        personId: w.personId === null ? null : Number(w.personId),
        regionCode: h.region_code,
        reason: w.reason,
        suggestedRoute: w.route,
        evidence: w.evidence.map(Number),
        deadline: w.deadline,
        policyId: rules.pack.id,
        policyVersion: rules.pack.version,
      });
    }
  }
  return candidates;
}

const isRegistryMember = (m: reads.RunMember): m is reads.RegistryMember => 'birth_date' in m;

function append<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
