/**
 * The demo population as batches for binary COPY, in village order: households generated one at a time,
 * gathered into batches of ~20,000 people whose ID numbers are encrypted (SM4, one batched pass) and
 * blind-indexed (SM3-HMAC). Row ids are assigned here, from the first free ids, so that persons can
 * name their household. Pure apart from the policy packs read once: runs inline or in a worker.
 */
import { blindIndex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import { BinaryCopyWriter } from '../../db/copy-binary.ts';
import { CATEGORIES } from '../../modules/households/enums.ts';
import {
  CountyIds,
  type DemoHousehold,
  type DemoPerson,
  HouseholdFactory,
  MAX_CATEGORY_ROWS,
  MAX_MEMBERS,
} from './households.ts';
import type { VillageQuota } from './plan.ts';
import { Rng } from './random.ts';
import type { StandardsBook } from './standards.ts';

export const HOUSEHOLD_COLUMNS = [
  'id',
  'household_no',
  'region_code',
  'residence',
  'address',
  'head_person_id',
  'source',
];
export const PERSON_COLUMNS = [
  'id',
  'household_id',
  'region_code',
  'id_cipher',
  'id_index',
  'id_mask',
  'name',
  'sex',
  'birth_date',
  'relation',
  'monthly_income_fen',
  'labor_capacity',
  'disability_grade',
  'disability_type',
  'serious_illness',
  'student_stage',
  'employed',
  'care_level',
  'supporter',
  'source',
];
export const MEMBERSHIP_COLUMNS = ['id', 'person_id', 'household_id', 'relation', 'from_date'];
export const CATEGORY_COLUMNS = [
  'id',
  'household_id',
  'person_id',
  'category',
  'status',
  'from_date',
  'to_date',
  'reason',
  'policy_id',
  'policy_version',
  'source',
];
export const MONITORING_COLUMNS = [
  'id',
  'household_id',
  'reason',
  'from_date',
  'until_date',
  'note',
  'source',
];

/**
 * Binary COPY streams (see src/db/copy-binary.ts), one buffer per table, empty when the batch has no
 * row for it; transferred, not copied, from the worker.
 */
export type CopyBatch = {
  households: Uint8Array;
  persons: Uint8Array;
  memberships: Uint8Array;
  categories: Uint8Array;
  monitoring: Uint8Array;
  /** Running totals after this batch. */
  people: number;
  householdCount: number;
};

/** Per village: [households, people] for each category, then for `_all`. */
export type VillageCounters = Array<[string, Int32Array]>;

/**
 * Rows are encrypted and flattened every 2,000 people, so the many small objects of a batch die young
 * (cheap scavenges instead of old-generation GC), and merged into messages of ~20,000 people.
 */
const CHUNK_PEOPLE = 2_000;
const BATCH_PEOPLE = 20_000;
const CAT_INDEX = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
export const ALL_INDEX = CATEGORIES.length;

/** Rows in generation order; the persons wait for their ID numbers to be encrypted in one pass. */
class ChunkBuilder {
  private readonly out = {
    households: new BinaryCopyWriter(),
    persons: new BinaryCopyWriter(),
    memberships: new BinaryCopyWriter(),
    categories: new BinaryCopyWriter(),
    monitoring: new BinaryCopyWriter(),
  };
  /** Persons of the chunk, written once their ID numbers are encrypted. */
  private pending: Array<{ m: DemoPerson; pid: number; hid: number; village: string }> = [];
  private ids: string[] = [];

  /** Next ids of the tables whose rows nobody else references during the load. */
  constructor(
    private nextMembership: number,
    private nextCategory: number,
    private nextMonitoring: number,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  add(
    h: DemoHousehold,
    householdId: number,
    firstPersonId: number,
    policyId: string | null,
    policyVersion: number | null,
  ): void {
    this.out.households
      .row(HOUSEHOLD_COLUMNS.length)
      .int8(householdId)
      .ascii(h.householdNo)
      .ascii(h.villageCode)
      .ascii(h.residence)
      .text(h.address)
      .int8(firstPersonId)
      .ascii('demo');
    const memberFrom = h.categoryFrom < '2019-01-01' ? h.categoryFrom : '2019-01-01';
    const mem = this.out.memberships;
    for (let i = 0; i < h.members.length; i++) {
      const m = h.members[i]!;
      const pid = firstPersonId + i;
      this.ids.push(m.idNumber);
      this.pending.push({ m, pid, hid: householdId, village: h.villageCode });
      mem
        .row(MEMBERSHIP_COLUMNS.length)
        .int8(this.nextMembership++)
        .int8(pid)
        .int8(householdId)
        .ascii(m.relation)
        .date(memberFrom);
    }
    const policy = { id: policyId, version: policyVersion };
    if (h.category)
      this.category(householdId, policy, null, h.category, 'active', h.categoryFrom, null, '演示数据');
    for (const [i, c] of h.personCategories)
      this.category(householdId, policy, firstPersonId + i, c, 'active', h.categoryFrom, null, '演示数据');
    if (h.ended)
      this.category(
        householdId,
        policy,
        null,
        h.ended.category,
        'ended',
        h.ended.from,
        h.ended.to,
        '收入超过标准退出',
      );
    if (h.monitoring) {
      const mon = this.out.monitoring;
      mon
        .row(MONITORING_COLUMNS.length)
        .int8(this.nextMonitoring++)
        .int8(householdId)
        .ascii(h.monitoring.reason)
        .date(h.monitoring.from);
      if (h.monitoring.until === null) mon.null();
      else mon.date(h.monitoring.until);
      mon.text('演示数据').ascii('demo');
    }
  }

  // A method rather than a closure in `add`: tsx names every closure it creates (`__name`, an
  // Object.defineProperty), once per household there.
  private category(
    householdId: number,
    policy: { id: string | null; version: number | null },
    personId: number | null,
    c: string,
    status: string,
    from: string,
    to: string | null,
    reason: string,
  ): void {
    const cat = this.out.categories;
    cat
      .row(CATEGORY_COLUMNS.length)
      .int8(this.nextCategory++)
      .int8(householdId);
    if (personId === null) cat.null();
    else cat.int8(personId);
    cat.ascii(c).ascii(status).date(from);
    if (to === null) cat.null();
    else cat.date(to);
    cat.text(reason);
    if (policy.id === null) cat.null();
    else cat.ascii(policy.id);
    if (policy.version === null) cat.null();
    else cat.int4(policy.version);
    cat.ascii('demo');
  }

  /** Encrypts and indexes the chunk's ID numbers and writes its persons. */
  flush(keys: RegistryKeys): void {
    const ciphers = encryptIds(keys, this.ids);
    const w = this.out.persons;
    for (let i = 0; i < this.pending.length; i++) {
      const { m, pid, hid, village } = this.pending[i]!;
      w.row(PERSON_COLUMNS.length).int8(pid).int8(hid).ascii(village);
      w.bytea(ciphers[i]!).bytea(blindIndex(keys, m.idNumber)).ascii(maskIdNumber(m.idNumber));
      w.text(m.name).ascii(m.sex).date(m.birthDate).ascii(m.relation).int8(m.incomeFen).ascii(m.labor);
      if (m.disabilityGrade === null) w.null();
      else w.int2(m.disabilityGrade);
      if (m.disabilityType === null) w.null();
      else w.ascii(m.disabilityType);
      w.bool(m.seriousIllness);
      if (m.student === null) w.null();
      else w.ascii(m.student);
      w.bool(m.employed);
      if (m.care === null) w.null();
      else w.ascii(m.care);
      w.ascii(m.supporter).ascii('demo');
    }
    this.pending = [];
    this.ids = [];
  }

  /** The batch as binary COPY streams, one transferable buffer per table; the writers start over. */
  take(people: number, householdCount: number): CopyBatch {
    return {
      households: this.out.households.take(),
      persons: this.out.persons.take(),
      memberships: this.out.memberships.take(),
      categories: this.out.categories.take(),
      monitoring: this.out.monitoring.take(),
      people,
      householdCount,
    };
  }
}

/** The buffers a batch's message can transfer instead of copying. */
export const transferables = (b: CopyBatch): ArrayBuffer[] =>
  [b.households, b.persons, b.memberships, b.categories, b.monitoring].map((u) => u.buffer as ArrayBuffer);

/**
 * Adds one household to its village's counters, by the rules of the SQL recount (stats module): a
 * household is in a category when it or a member has it; a person when their household or they do.
 */
export function countHousehold(counts: Int32Array, h: DemoHousehold): void {
  const hc = h.category ? CAT_INDEX.get(h.category)! : -1;
  if (hc >= 0) {
    counts[2 * hc] = counts[2 * hc]! + 1;
    counts[2 * hc + 1] = counts[2 * hc + 1]! + h.members.length;
  }
  const byCat = new Map<number, Set<number>>();
  for (const [i, cat] of h.personCategories) {
    const c = CAT_INDEX.get(cat)!;
    if (c === hc) continue;
    let s = byCat.get(c);
    if (!s) {
      s = new Set();
      byCat.set(c, s);
    }
    s.add(i);
  }
  for (const [c, members] of byCat) {
    counts[2 * c] = counts[2 * c]! + 1;
    counts[2 * c + 1] = counts[2 * c + 1]! + members.size;
  }
  const covered = hc >= 0 ? h.members.length : new Set(h.personCategories.map(([i]) => i)).size;
  if (covered > 0) {
    counts[2 * ALL_INDEX] = counts[2 * ALL_INDEX]! + 1;
    counts[2 * ALL_INDEX + 1] = counts[2 * ALL_INDEX + 1]! + covered;
  }
}

export type GenerateInput = {
  quotas: readonly VillageQuota[];
  seed: string;
  firstHouseholdId: number;
  firstPersonId: number;
  firstMembershipId: number;
  firstCategoryId: number;
  firstMonitoringId: number;
};

/**
 * Splits the work into `parts` stretches of whole counties with about the same number of households,
 * for as many generator threads. Each county has its own random stream and ID sequence, so a county
 * comes out the same whichever thread makes it. Household ids follow on exactly; a stretch's other
 * ids start past the most its predecessors can use (MAX_MEMBERS people per household, …), so the
 * threads never collide. The split depends only on the quotas, never on the machine, so a seed gives
 * the same database everywhere; ids may skip values between stretches, as sequences do anyway.
 */
export function partition(input: GenerateInput, parts: number): GenerateInput[] {
  const total = input.quotas.reduce((sum, q) => sum + q.households, 0);
  const out: GenerateInput[] = [];
  let next = input;
  let begin = 0;
  let done = 0;
  for (let i = 0; i <= input.quotas.length; i++) {
    const atCountyStart =
      i === input.quotas.length ||
      i === 0 ||
      input.quotas[i]!.code.slice(0, 6) !== input.quotas[i - 1]!.code.slice(0, 6);
    // Cut at a county boundary once this stretch has its share, and always at the end.
    const share = (total * (out.length + 1)) / parts;
    if (
      i > begin &&
      atCountyStart &&
      (i === input.quotas.length || (out.length < parts - 1 && done >= share))
    ) {
      const households = input.quotas.slice(begin, i).reduce((sum, q) => sum + q.households, 0);
      out.push({ ...next, quotas: input.quotas.slice(begin, i) });
      next = {
        ...next,
        firstHouseholdId: next.firstHouseholdId + households,
        firstPersonId: next.firstPersonId + households * MAX_MEMBERS,
        firstMembershipId: next.firstMembershipId + households * MAX_MEMBERS,
        firstCategoryId: next.firstCategoryId + households * MAX_CATEGORY_ROWS,
        firstMonitoringId: next.firstMonitoringId + households,
      };
      begin = i;
    }
    if (i < input.quotas.length) done += input.quotas[i]!.households;
  }
  return out;
}

/** Yields CSV batches; returns the per-village counters when done. */
export function* generateBatches(
  input: GenerateInput,
  keys: RegistryKeys,
  book: StandardsBook,
): Generator<CopyBatch, VillageCounters> {
  let nextHousehold = input.firstHouseholdId;
  let nextPerson = input.firstPersonId;
  const counters: VillageCounters = [];
  const chunk = new ChunkBuilder(input.firstMembershipId, input.firstCategoryId, input.firstMonitoringId);
  let batchPeople = 0;
  // The first batch is small: the database starts on it while the rest is generated.
  let batchTarget = CHUNK_PEOPLE;
  let people = 0;
  let households = 0;
  let county = '';
  let ids: CountyIds | null = null;
  let rng: Rng | null = null;
  const finish = (): CopyBatch => {
    chunk.flush(keys);
    batchPeople = 0;
    batchTarget = BATCH_PEOPLE;
    return chunk.take(people, households);
  };
  for (const v of input.quotas) {
    if (v.households === 0) continue;
    const c6 = v.code.slice(0, 6);
    if (c6 !== county) {
      // Each county has its own random stream and ID sequence numbers.
      county = c6;
      ids = new CountyIds(c6);
      rng = new Rng(`${input.seed}:county:${c6}`);
    }
    const std = book.forCounty(c6);
    const policyId = std.policyId;
    const policyVersion = std.policyVersion;
    const factory = new HouseholdFactory(rng!, ids!);
    const counts = new Int32Array(2 * (ALL_INDEX + 1));
    for (let s = 1; s <= v.households; s++) {
      const h = factory.make(v.code, v.name, s, std);
      chunk.add(h, nextHousehold, nextPerson, policyId, policyVersion);
      countHousehold(counts, h);
      nextHousehold++;
      nextPerson += h.members.length;
      people += h.members.length;
      batchPeople += h.members.length;
      households++;
      if (chunk.size >= CHUNK_PEOPLE) {
        if (batchPeople >= batchTarget) yield finish();
        else chunk.flush(keys);
      }
    }
    counters.push([v.code, counts]);
  }
  if (batchPeople > 0) yield finish();
  return counters;
}
