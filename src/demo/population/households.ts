/**
 * One synthetic household at a time, consistent with its category under the county's standards:
 * 特困 people are old, severely disabled or orphaned, with no labour capacity, no able supporter and
 * an income below S; a 低保 household's income is below n × S; a 低保边缘 household's between n × S
 * and n × S × edge; a 刚性支出 household has a seriously ill member and an income above the edge line
 * but below the disposable-income line. Pure: no I/O, no clock, only the seeded Rng.
 */
import { addMonths, epochDay, type IsoDate, isoOfEpochDay } from '../../core/dates.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import type { Category } from '../../modules/households/enums.ts';
import { syntheticName } from './names.ts';
import { DEMO_AS_OF, placeName, residenceOf } from './plan.ts';
import { cumulative, type Rng } from './random.ts';
import type { DemoStandards } from './standards.ts';

export type DemoPerson = {
  idNumber: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  relation: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
  incomeFen: number;
  labor: 'none' | 'partial' | 'full';
  disabilityGrade: number | null;
  disabilityType: string | null;
  seriousIllness: boolean;
  student: string | null;
  employed: boolean;
  care: 'self' | 'half' | 'full' | null;
  supporter: 'none' | 'unable' | 'able';
};

export type MonitoringReason = 'rejected' | 'exited' | 'relapse_monitor' | 'latent';

export type DemoHousehold = {
  householdNo: string;
  villageCode: string;
  residence: 'urban' | 'rural';
  address: string;
  members: DemoPerson[];
  /** Household-level category, or null (特困 single people carry it as a person-level one). */
  category: Category | null;
  /** Person-level categories: [member index, category]. */
  personCategories: Array<[number, Category]>;
  categoryFrom: string;
  /** A category that ended (exited households in the monitoring pool). */
  ended: { category: Category; from: string; to: string } | null;
  monitoring: { reason: MonitoringReason; from: string; until: string | null } | null;
};

type Kind = Category | 'monitor';

// Household kinds: weight = people share ÷ mean household size, so people come out near
// 低保 60%, 特困 7%, 低保边缘 9%, 防止返贫 5%, 刚性支出 3%, 其他 16%; plus ~4% monitoring-only.
const KINDS: ReadonlyArray<{ kind: Kind; share: number; sizes: readonly number[] }> = [
  { kind: 'dibao', share: 0.6, sizes: [0, 0.3, 0.28, 0.2, 0.13, 0.07, 0.02] },
  { kind: 'tekun', share: 0.07, sizes: [0, 1] },
  { kind: 'dibao_edge', share: 0.09, sizes: [0, 0.1, 0.25, 0.27, 0.22, 0.12, 0.04] },
  { kind: 'relapse_monitor', share: 0.05, sizes: [0, 0, 0.15, 0.3, 0.3, 0.17, 0.08] },
  { kind: 'rigid_expense', share: 0.03, sizes: [0, 0, 0.25, 0.35, 0.28, 0.12] },
  { kind: 'other', share: 0.16, sizes: [0, 0.35, 0.35, 0.2, 0.1] },
  { kind: 'monitor', share: 0.04, sizes: [0, 0.1, 0.25, 0.27, 0.22, 0.12, 0.04] },
];
const meanSize = (sizes: readonly number[]) => sizes.reduce((s, p, n) => s + p * n, 0);
const KIND_WEIGHTS = KINDS.map((k) => k.share / meanSize(k.sizes));
const KIND_CUM = cumulative(KIND_WEIGHTS);
const SIZE_CUM = KINDS.map((k) => cumulative(k.sizes));

/** The most members a generated household has (bounds the ids a stretch of households can use). */
export const MAX_MEMBERS = Math.max(...KINDS.map((k) => k.sizes.length - 1));
/** The most category rows a household gets: its own, one person-level and one ended category. */
export const MAX_CATEGORY_ROWS = 3;

/** People per household on average over all kinds (to turn a people target into households). */
export const PEOPLE_PER_HOUSEHOLD =
  KINDS.reduce((s, k) => s + k.share, 0) / KIND_WEIGHTS.reduce((a, b) => a + b, 0);

const DIS_TYPES = ['physical', 'hearing', 'visual', 'multiple', 'intellectual', 'mental', 'speech'] as const;
const DIS_TYPE_CUM = cumulative([35, 15, 12, 13, 10, 10, 5]);
const DIS_GRADE_CUM = cumulative([15, 25, 30, 30]);

const AS_OF_YEAR = Number(DEMO_AS_OF.slice(0, 4));

/** Allocates ID sequence numbers within one county: unique per (birth date, sex). */
export class CountyIds {
  private readonly next = new Map<string, number>();
  /** `firstSequence` leaves the low sequence numbers to others (benchmarks add people beside the demo). */
  constructor(
    readonly county6: string,
    private readonly firstSequence = 0,
  ) {}

  make(birth: string, sex: 'male' | 'female'): string {
    const key = sex === 'male' ? `${birth}m` : `${birth}f`;
    const k = this.next.get(key) ?? this.firstSequence;
    this.next.set(key, k + 1);
    // 001–999: odd for men, even for women; 500 per (county, day, sex) is far beyond any demo size.
    const seq = sex === 'male' ? 2 * k + 1 : 2 * k + 2;
    if (seq > 999) throw new Error(`demo ID sequence exhausted for ${this.county6} ${birth}`);
    return makeIdNumber(this.county6, birth, seq);
  }
}

/** 'MM-DD' for each day of a common and a leap year (dates without a Date object per person). */
const MONTH_DAY: [string[], string[]] = [false, true].map((leap) => {
  const out: string[] = [];
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  lengths.forEach((len, m) => {
    for (let d = 1; d <= len; d++)
      out.push(`${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  });
  return out;
}) as [string[], string[]];

/** A birth date such that the age on DEMO_AS_OF is exactly `age` (never 1 January). */
function birthFor(rng: Rng, age: number): string {
  const year = AS_OF_YEAR - 1 - age;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${year}-${MONTH_DAY[leap ? 1 : 0][1 + rng.int(0, 363)]}`;
}

function dateBetween(rng: Rng, from: string, to: string): string {
  const a = epochDay(from);
  return isoOfEpochDay(a + Math.floor(rng.next() * (epochDay(to) - a)));
}

type Draft = Omit<DemoPerson, 'idNumber' | 'name' | 'birthDate' | 'incomeFen'> & { age: number };

function studentStage(age: number, rng: Rng): string | null {
  if (age < 3) return null;
  if (age <= 5) return 'preschool';
  if (age <= 11) return 'primary';
  if (age <= 14) return 'junior';
  if (age <= 17) return rng.chance(0.75) ? 'senior' : 'vocational';
  if (age <= 22) return rng.chance(0.45) ? (rng.chance(0.7) ? 'college' : 'vocational') : null;
  return null;
}

function draftPerson(
  rng: Rng,
  age: number,
  sex: 'male' | 'female',
  relation: DemoPerson['relation'],
  pDisabled: number,
  pIll: number,
): Draft {
  let disabilityGrade: number | null = null;
  let disabilityType: string | null = null;
  if (rng.chance(pDisabled)) {
    disabilityGrade = rng.weighted(DIS_GRADE_CUM) + 1;
    disabilityType = DIS_TYPES[rng.weighted(DIS_TYPE_CUM)]!;
  }
  const seriousIllness = age >= 3 && rng.chance(age >= 50 ? pIll * 1.5 : pIll * 0.6);
  const student = age < 23 ? studentStage(age, rng) : null;
  let labor: Draft['labor'];
  if (age < 16 || student) labor = 'none';
  else if (age >= 70) labor = 'none';
  else if (age >= 60) labor = rng.chance(0.6) ? 'none' : 'partial';
  else if ((disabilityGrade !== null && disabilityGrade <= 2) || seriousIllness)
    labor = rng.chance(0.6) ? 'none' : 'partial';
  else if (disabilityGrade !== null) labor = 'partial';
  else labor = rng.chance(0.8) ? 'full' : 'partial';
  const employed = labor === 'full' ? rng.chance(0.45) : labor === 'partial' && rng.chance(0.15);
  let care: Draft['care'] = null;
  if (age >= 60 || disabilityGrade !== null || seriousIllness) {
    const x = rng.next();
    care =
      age >= 80 || (disabilityGrade !== null && disabilityGrade <= 2)
        ? x < 0.4
          ? 'full'
          : x < 0.75
            ? 'half'
            : 'self'
        : x < 0.1
          ? 'full'
          : x < 0.3
            ? 'half'
            : 'self';
  }
  const supporter: Draft['supporter'] =
    age < 18 ? 'able' : age >= 60 ? (rng.chance(0.5) ? 'able' : 'unable') : 'none';
  return {
    age,
    sex,
    relation,
    labor,
    disabilityGrade,
    disabilityType,
    seriousIllness,
    student,
    employed,
    care,
    supporter,
  };
}

const flip = (s: 'male' | 'female'): 'male' | 'female' => (s === 'male' ? 'female' : 'male');

/** Members of a household of `n` around a head of age `headAge`. */
function composeFamily(rng: Rng, n: number, headAge: number, pDisabled: number, pIll: number): Draft[] {
  const headSex = rng.chance(0.62) ? 'male' : 'female';
  const out: Draft[] = [draftPerson(rng, headAge, headSex, 'head', pDisabled, pIll)];
  if (n >= 2 && rng.chance(headAge >= 75 ? 0.45 : 0.75)) {
    const age = Math.max(18, Math.min(99, headAge + rng.int(-6, 4)));
    out.push(draftPerson(rng, age, flip(headSex), 'spouse', pDisabled, pIll));
  }
  while (out.length < n) {
    const r = rng.next();
    if (headAge >= 58 && r < 0.55) {
      out.push(
        draftPerson(rng, rng.int(1, 17), rng.chance(0.5) ? 'male' : 'female', 'grandchild', pDisabled, pIll),
      );
    } else if (headAge <= 60 && r < 0.15) {
      const age = Math.min(98, headAge + rng.int(22, 32));
      out.push(draftPerson(rng, age, rng.chance(0.5) ? 'male' : 'female', 'parent', pDisabled, pIll));
    } else {
      const age = Math.max(0, headAge - rng.int(20, 34));
      out.push(draftPerson(rng, age, rng.chance(0.5) ? 'male' : 'female', 'child', pDisabled, pIll));
    }
  }
  return out;
}

/** Splits a monthly household income (fen) over the members who earn, in whole yuan; never above it. */
function spreadIncome(members: Draft[], totalFen: number): number[] {
  const w = members.map((m): number =>
    m.age < 16 || m.student
      ? 0
      : m.employed
        ? 1
        : m.labor === 'full'
          ? 0.6
          : m.labor === 'partial'
            ? 0.35
            : m.age >= 60
              ? 0.2
              : 0.05,
  );
  const sum = w.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    w[0] = 1;
  }
  const s = sum || 1;
  return w.map((x) => Math.floor((totalFen * (x / s)) / 100) * 100);
}

const isSevere = (d: Draft) =>
  d.disabilityGrade !== null &&
  (d.disabilityGrade <= 2 || d.disabilityType === 'intellectual' || d.disabilityType === 'mental');

export class HouseholdFactory {
  constructor(
    private readonly rng: Rng,
    private readonly ids: CountyIds,
  ) {}

  make(villageCode: string, villageName: string, serial: number, std: DemoStandards): DemoHousehold {
    const rng = this.rng;
    const residence = residenceOf(villageCode);
    let ki = rng.weighted(KIND_CUM);
    // 防止返贫监测对象 are rural; an urban draw becomes 其他困难人员.
    if (KINDS[ki]!.kind === 'relapse_monitor' && residence === 'urban')
      ki = KINDS.findIndex((k) => k.kind === 'other');
    const kind = KINDS[ki]!.kind;
    const n = rng.weighted(SIZE_CUM[ki]!);
    const S = std.dibao[residence];
    const place = placeName(villageName);
    const address =
      residence === 'rural'
        ? `${place}${rng.int(1, 12)}组${rng.int(1, 180)}号`
        : `${place}${rng.int(1, 30)}栋${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
    const householdNo = `${villageCode}-${String(serial).padStart(5, '0')}`;
    const categoryFrom = dateBetween(rng, '2019-01-01', '2025-12-01');

    let drafts: Draft[];
    let totalFen: number;
    const personCategories: Array<[number, Category]> = [];
    let category: Category | null = kind === 'monitor' || kind === 'tekun' ? null : kind;
    let monitoring: DemoHousehold['monitoring'] = null;
    let ended: DemoHousehold['ended'] = null;

    switch (kind) {
      case 'tekun': {
        const r = rng.next();
        let d: Draft;
        if (r < 0.7) {
          d = draftPerson(
            rng,
            rng.int(std.elderlyAge, 96),
            rng.chance(0.55) ? 'male' : 'female',
            'head',
            0.2,
            0.15,
          );
          d.labor = 'none';
        } else if (r < 0.9) {
          d = draftPerson(
            rng,
            rng.int(18, std.elderlyAge - 1),
            rng.chance(0.6) ? 'male' : 'female',
            'head',
            0,
            0.1,
          );
          d.disabilityGrade = rng.chance(0.7) ? rng.int(1, 2) : rng.int(3, 4);
          d.disabilityType =
            d.disabilityGrade <= 2
              ? DIS_TYPES[rng.weighted(DIS_TYPE_CUM)]!
              : rng.chance(0.5)
                ? 'intellectual'
                : 'mental';
          d.labor = 'none';
          d.employed = false;
          d.care = rng.chance(0.5) ? 'full' : 'half';
        } else {
          d = draftPerson(
            rng,
            rng.int(3, std.minorAge - 1),
            rng.chance(0.5) ? 'male' : 'female',
            'head',
            0.05,
            0.05,
          );
        }
        d.supporter = rng.chance(0.7) ? 'none' : 'unable';
        d.employed = false;
        drafts = [d];
        totalFen = Math.floor((S * rng.between(0, 0.7)) / 100) * 100;
        personCategories.push([0, 'tekun']);
        break;
      }
      case 'dibao':
        drafts = composeFamily(rng, n, n === 1 ? rng.int(35, 92) : rng.int(28, 80), 0.15, 0.12);
        totalFen = Math.floor(n * S * rng.between(0.05, 0.95));
        break;
      case 'dibao_edge':
        drafts = composeFamily(rng, n, rng.int(30, 75), 0.1, 0.1);
        // Margins keep whole-yuan rounding from moving a household across a line.
        totalFen = Math.floor(n * S * rng.between(1.03, std.edgeMultiplier - 0.01));
        break;
      case 'rigid_expense': {
        drafts = composeFamily(rng, n, rng.int(32, 70), 0.1, 0.1);
        drafts[rng.int(0, drafts.length - 1)]!.seriousIllness = true;
        const lo = n * S * Math.max(std.edgeMultiplier, std.rigidLowerMultiplier ?? 0) * 1.03;
        const hi = Math.max(lo * 1.05, n * std.disposableMonthly[residence] * 0.95);
        totalFen = Math.floor(rng.between(lo, hi));
        break;
      }
      case 'relapse_monitor':
        drafts = composeFamily(rng, n, rng.int(30, 70), 0.06, 0.08);
        totalFen = Math.floor(n * S * rng.between(1.1, 2.5));
        monitoring = { reason: 'relapse_monitor', from: categoryFrom, until: null };
        break;
      case 'other':
        drafts = composeFamily(rng, n, rng.int(25, 85), 0.12, 0.1);
        totalFen = Math.floor(n * S * rng.between(1.0, 2.2));
        break;
      default: {
        drafts = composeFamily(rng, n, rng.int(28, 78), 0.08, 0.08);
        totalFen = Math.floor(n * S * rng.between(1.2, 3.0));
        const r = rng.next();
        const from = dateBetween(rng, '2024-02-01', '2025-12-01');
        if (r < 0.45) {
          monitoring = { reason: 'exited', from, until: addMonths(from as IsoDate, std.exitedMonths) };
          ended = {
            category: rng.chance(0.85) ? 'dibao' : 'tekun',
            from: categoryFrom < from ? categoryFrom : '2019-01-01',
            to: from,
          };
        } else if (r < 0.85)
          monitoring = { reason: 'rejected', from, until: addMonths(from as IsoDate, std.rejectedMonths) };
        else monitoring = { reason: 'latent', from, until: null };
      }
    }

    // 单人户: in some 低保边缘 households a severely disabled or seriously ill member is in 低保 alone.
    if (category === 'dibao_edge' && rng.chance(0.15)) {
      const i = drafts.findIndex((d) => isSevere(d) || d.seriousIllness);
      if (i >= 0) personCategories.push([i, 'dibao']);
    }
    if (kind === 'tekun') category = null;

    const incomes = spreadIncome(drafts, totalFen);
    const members: DemoPerson[] = drafts.map((d, i) => {
      const birthDate = birthFor(rng, d.age);
      return {
        idNumber: this.ids.make(birthDate, d.sex),
        name: syntheticName(rng, d.sex),
        sex: d.sex,
        birthDate,
        relation: d.relation,
        incomeFen: incomes[i]!,
        labor: d.labor,
        disabilityGrade: d.disabilityGrade,
        disabilityType: d.disabilityType,
        seriousIllness: d.seriousIllness,
        student: d.student,
        employed: d.employed,
        care: d.care,
        supporter: d.supporter,
      };
    });
    // Children and grandchildren usually carry the head's surname.
    const head = members[0]!;
    const family =
      head.name.startsWith('欧阳') || head.name.startsWith('司马') || head.name.startsWith('诸葛')
        ? head.name.slice(0, 2)
        : head.name.slice(0, 1);
    for (const m of members) {
      if ((m.relation === 'child' || m.relation === 'grandchild') && rng.chance(0.85)) {
        m.name = syntheticName(rng, m.sex, family);
      }
    }
    return {
      householdNo,
      villageCode,
      residence,
      address,
      members,
      category,
      personCategories,
      categoryFrom,
      ended,
      monitoring,
    };
  }
}
