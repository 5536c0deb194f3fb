/**
 * The demo population as CSV batches for COPY, in village order: households generated one at a time,
 * gathered into batches of ~20,000 people whose ID numbers are encrypted (SM4, one batched pass) and
 * blind-indexed (SM3-HMAC). Row ids are assigned here, from the first free ids, so that persons can
 * name their household. Pure apart from the policy packs read once: runs inline or in a worker.
 */
import { blindIndexHex, byteaHex, encryptIds, type RegistryKeys } from '../../core/crypto.ts';
import { maskIdNumber } from '../../core/id-number.ts';
import { CATEGORIES } from '../../modules/households/enums.ts';
import { CountyIds, type DemoHousehold, HouseholdFactory } from './households.ts';
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

export type CsvBatch = {
  households: string;
  persons: string;
  memberships: string;
  categories: string;
  monitoring: string;
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

const n = (v: string | number | null): string => (v === null ? '' : String(v));
const b = (v: boolean): string => (v ? 't' : 'f');

/** Rows in generation order; the persons wait for their ID numbers to be encrypted in one pass. */
class ChunkBuilder {
  private hh: string[] = [];
  private heads: string[] = [];
  private tails: string[] = [];
  private ids: string[] = [];
  private mem: string[] = [];
  private cat: string[] = [];
  private mon: string[] = [];

  /** Next ids of the tables whose rows nobody else references during the load. */
  constructor(
    private nextMembership: number,
    private nextCategory: number,
    private nextMonitoring: number,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  lastIds(): { membership: number; category: number; monitoring: number } {
    return {
      membership: this.nextMembership - 1,
      category: this.nextCategory - 1,
      monitoring: this.nextMonitoring - 1,
    };
  }

  add(h: DemoHousehold, householdId: number, firstPersonId: number, policy: string): void {
    this.hh.push(
      `${householdId},${h.householdNo},${h.villageCode},${h.residence},${h.address},${firstPersonId},demo\n`,
    );
    const memberFrom = h.categoryFrom < '2019-01-01' ? h.categoryFrom : '2019-01-01';
    for (let i = 0; i < h.members.length; i++) {
      const m = h.members[i]!;
      const pid = firstPersonId + i;
      this.ids.push(m.idNumber);
      this.heads.push(`${pid},${householdId},${h.villageCode},`);
      this.tails.push(
        `,${maskIdNumber(m.idNumber)},${m.name},${m.sex},${m.birthDate},${m.relation},${m.incomeFen},${m.labor},${n(m.disabilityGrade)},${n(m.disabilityType)},${b(m.seriousIllness)},${n(m.student)},${b(m.employed)},${n(m.care)},${m.supporter},demo\n`,
      );
      this.mem.push(`${this.nextMembership++},${pid},${householdId},${m.relation},${memberFrom}\n`);
    }
    if (h.category)
      this.cat.push(
        `${this.nextCategory++},${householdId},,${h.category},active,${h.categoryFrom},,演示数据,${policy},demo\n`,
      );
    for (const [i, c] of h.personCategories) {
      this.cat.push(
        `${this.nextCategory++},${householdId},${firstPersonId + i},${c},active,${h.categoryFrom},,演示数据,${policy},demo\n`,
      );
    }
    if (h.ended) {
      this.cat.push(
        `${this.nextCategory++},${householdId},,${h.ended.category},ended,${h.ended.from},${h.ended.to},收入超过标准退出,${policy},demo\n`,
      );
    }
    if (h.monitoring) {
      this.mon.push(
        `${this.nextMonitoring++},${householdId},${h.monitoring.reason},${h.monitoring.from},${n(h.monitoring.until)},演示数据,demo\n`,
      );
    }
  }

  /** Encrypts and indexes the chunk's ID numbers and appends flat CSV text to `out`. */
  flushInto(keys: RegistryKeys, out: CsvBatch): void {
    const ciphers = encryptIds(keys, this.ids);
    const persons: string[] = new Array(this.ids.length);
    for (let i = 0; i < this.ids.length; i++) {
      persons[i] =
        `${this.heads[i]}${byteaHex(ciphers[i]!)},\\x${blindIndexHex(keys, this.ids[i]!)}${this.tails[i]}`;
    }
    out.households += this.hh.join('');
    out.persons += persons.join('');
    out.memberships += this.mem.join('');
    out.categories += this.cat.join('');
    out.monitoring += this.mon.join('');
    this.hh = [];
    this.heads = [];
    this.tails = [];
    this.ids = [];
    this.mem = [];
    this.cat = [];
    this.mon = [];
  }
}

const emptyBatch = (): CsvBatch => ({
  households: '',
  persons: '',
  memberships: '',
  categories: '',
  monitoring: '',
  people: 0,
  householdCount: 0,
});

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

/** Yields CSV batches; returns the per-village counters when done. */
export function* generateBatches(
  input: GenerateInput,
  keys: RegistryKeys,
  book: StandardsBook,
): Generator<CsvBatch, VillageCounters> {
  let nextHousehold = input.firstHouseholdId;
  let nextPerson = input.firstPersonId;
  const counters: VillageCounters = [];
  const chunk = new ChunkBuilder(input.firstMembershipId, input.firstCategoryId, input.firstMonitoringId);
  let batch = emptyBatch();
  let batchPeople = 0;
  let people = 0;
  let households = 0;
  let county = '';
  let ids: CountyIds | null = null;
  let rng: Rng | null = null;
  const finish = (): CsvBatch => {
    chunk.flushInto(keys, batch);
    const out = { ...batch, people, householdCount: households };
    batch = emptyBatch();
    batchPeople = 0;
    return out;
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
    const policy = `${n(std.policyId)},${n(std.policyVersion)}`;
    const factory = new HouseholdFactory(rng!, ids!);
    const counts = new Int32Array(2 * (ALL_INDEX + 1));
    for (let s = 1; s <= v.households; s++) {
      const h = factory.make(v.code, v.name, s, std);
      chunk.add(h, nextHousehold, nextPerson, policy);
      countHousehold(counts, h);
      nextHousehold++;
      nextPerson += h.members.length;
      people += h.members.length;
      batchPeople += h.members.length;
      households++;
      if (chunk.size >= CHUNK_PEOPLE) {
        if (batchPeople >= BATCH_PEOPLE) yield finish();
        else chunk.flushInto(keys, batch);
      }
    }
    counters.push([v.code, counts]);
  }
  if (batchPeople > 0) yield finish();
  return counters;
}
