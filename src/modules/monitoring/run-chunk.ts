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
import { selectIds } from './id-selection.ts';
import * as reads from './registry-reads.ts';
import { evaluateHousehold } from './rules/evaluate.ts';
import { type CompiledMonitoringRules, compileMonitoringRules } from './rules/params.ts';
import { policyNotImplemented, type ReceivedAssistance } from './rules/policy-not-implemented.ts';
import type { WarningCandidate } from './rules/types.ts';
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

export type ChunkData = {
  ids: number[];
  households: reads.RunHousehold[];
  members: reads.RunMember[];
  categories: reads.RunCategory[];
  rows: StoredFeedRow[];
  received: Map<number, ReceivedAssistance[]> | null;
};

/** The chunk of the run's work list after `cursor`, with everything the rules read; null at the end. */
export async function readChunk(
  q: Queryable,
  runId: number,
  runDate: IsoDate,
  cursor: number,
  size: number,
  batches: readonly number[],
): Promise<ChunkData | null> {
  const ids = await repo.nextRunHouseholds(q, runId, cursor, size);
  if (ids.length === 0) return null;
  const hs = selectIds(ids);
  const households = await reads.householdsByIds(q, hs);
  const members = await reads.membersOfHouseholds(q, hs);
  const ms = selectIds(members.map((m) => m.id));
  const categories = await reads.categoriesInForce(q, hs, ms, runDate);
  const rows = await repo.feedRowsOfPersons(q, ms, batches);
  const chain = assistanceChain();
  const received = chain ? await chain.received(q, ids) : null;
  return { ids, households, members, categories, rows, received };
}

/** Evaluates one chunk of households; returns the warnings they raise. */
export function evaluateChunk(
  data: ChunkData,
  packs: PackResolver,
  runDate: IsoDate,
  allNew: boolean,
): repo.NewWarning[] {
  const { households, members, categories, rows, received } = data;

  const membersOf = groupBy(members, (m) => m.household_id);
  const personHousehold = new Map(members.map((m) => [m.id, m.household_id]));
  const catsOf = new Map<number, reads.RunCategory[]>();
  for (const c of categories) {
    const hid = c.person_id === null ? c.household_id : personHousehold.get(c.person_id);
    if (hid === undefined) continue;
    const list = catsOf.get(hid) ?? [];
    list.push(c);
    catsOf.set(hid, list);
  }
  const rowsOf = groupBy(rows, (r) => personHousehold.get(r.person_id) ?? -1);

  const candidates: repo.NewWarning[] = [];
  for (const h of households) {
    const hm = membersOf.get(h.id) ?? [];
    const hc = catsOf.get(h.id) ?? [];
    const hr = rowsOf.get(h.id) ?? [];
    const entry = packs.entry(h.region_code);
    if (!entry) continue;
    const rules = packs.rules(entry);
    const household = buildSnapshot(h, hm, hc);
    const out: WarningCandidate[] = [];
    if (hr.length > 0) {
      const outcome = evaluateHousehold({
        household,
        evidence: hr.map((r) => toEvidence(r, allNew)),
        rules,
        runDate,
      });
      out.push(...outcome.warnings);
    }
    if (received) {
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

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
