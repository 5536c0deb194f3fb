/**
 * 政策未落实 (policy not implemented): an assisted household's entitlements, from the assessment
 * engine, against the assistance the household's assistance chain (一户一条救助链, SPEC §7) shows as
 * given. The chain is another module's; until one registers itself here, the rule is wired but
 * inert: runs compute nothing for it and say so in their notes.
 *
 * Expected assistance: the household as the database records it (members, incomes, disabilities,
 * illnesses, schooling, care) is assessed with the pack in force; when the engine's category agrees
 * with the category recorded, each entitlement it lists is expected since that category's start.
 * The database records no assets, so they are taken as within the limits (the recorded category
 * says they were). ID numbers are not decrypted for this: the engine gets stand-in tokens with the
 * members' real birth dates, which is all it reads from them.
 */
import { type IsoDate, parseIsoDate } from '../../core/dates.ts';
import { makeIdNumber } from '../../core/id-number.ts';
import { fenToYuan } from '../../core/money.ts';
import type { Queryable } from '../../db/types.ts';
import { assess, type PolicyPack, parseHousehold } from '../../policy/engine.ts';
import type { RegistryMember, RunCategory, RunHousehold } from './registry-reads.ts';
import type { ExpectedAssistance, ReceivedAssistance } from './rules/policy-not-implemented.ts';

export interface AssistanceChain {
  /** Shown in run notes. */
  readonly name: string;
  /** Assistance recorded as given, per household id (item code; member, or null for the household). */
  received(q: Queryable, householdIds: readonly number[]): Promise<Map<number, ReceivedAssistance[]>>;
}

let chain: AssistanceChain | null = null;

/** The assistance-chain module calls this once at start (null unregisters, for tests). */
export function registerAssistanceChain(c: AssistanceChain | null): void {
  chain = c;
}

export const assistanceChain = (): AssistanceChain | null => chain;

export const INERT_NOTE =
  '“政策未落实”预警规则已接入但未生效：尚无救助链（救助记录）模块提供已落实的救助，无法比对应享与实享';

const ASSESSED = new Set(['tekun', 'dibao', 'dibao_edge', 'rigid_expense']);

/**
 * The entitlements the engine finds for a household with a recorded assisted category, or null when
 * the household has none or the engine's category differs (then nothing is expected of the chain).
 */
export function expectedAssistance(
  h: RunHousehold,
  members: readonly RegistryMember[],
  categories: readonly RunCategory[],
  pack: PolicyPack,
  runDate: IsoDate,
): ExpectedAssistance[] | null {
  // 特困 people living alone carry their category as a person-level one.
  const householdCat =
    categories.find((c) => c.person_id === null && ASSESSED.has(c.category)) ??
    categories.find((c) => c.person_id !== null && c.category === 'tekun');
  const living = members.filter((m) => m.death_date === null);
  if (!householdCat || living.length === 0) return null;
  const personIdByToken = new Map<string, number>();
  const input = {
    regionCode: h.region_code,
    residence: h.residence,
    assessedOn: runDate,
    members: living.map((m, i) => {
      const id = makeIdNumber('110101', m.birth_date, i + 1);
      personIdByToken.set(id, m.id);
      return {
        idNumber: id,
        name: `成员${i + 1}`,
        relation: m.relation,
        monthlyIncome: fenToYuan(m.monthly_income_fen),
        laborCapacity: m.labor_capacity,
        disability:
          m.disability_grade === null
            ? null
            : { grade: m.disability_grade, type: m.disability_type ?? 'physical' },
        seriousIllness: m.serious_illness,
        student: m.student_stage,
        employed: m.employed,
        careLevel: m.care_level ?? 'self',
        supporter: m.supporter,
      };
    }),
    assets: { financial: 0, vehicles: 0, extraHousing: 0, business: false },
  };
  let result: ReturnType<typeof assess>;
  try {
    result = assess(parseHousehold(input), pack, runDate);
  } catch {
    return null;
  }
  if (result.category !== householdCat.category) return null;
  const since = parseIsoDate(householdCat.from_date);
  return result.entitlements.map((e) => ({
    code: e.code,
    name: e.name,
    department: e.department,
    personId: e.idNumber === null ? null : (personIdByToken.get(e.idNumber) ?? null),
    since,
  }));
}
