/**
 * The what-if form's values and their conversion to the household JSON of SPEC appendix A.2, and of
 * the server's error paths (`members[1].disability.grade`) back to form fields.
 */
import type { HouseholdInput, Relation } from '../../api/policy';

export interface MemberValues {
  idNumber: string;
  name: string;
  relation: Relation;
  monthlyIncome: number | null;
  laborCapacity: 'none' | 'partial' | 'full';
  /** 0: no disability. */
  disabilityGrade: number;
  disabilityType: string | null;
  seriousIllness: boolean;
  /** 'none': not in school. */
  student: string;
  employed: boolean;
  careLevel: 'self' | 'half' | 'full';
  supporter: 'none' | 'unable' | 'able';
}

export interface HouseholdValues {
  regionPath: string[];
  residence: 'urban' | 'rural';
  assessedOn: string;
  members: MemberValues[];
  assets: {
    financial: number | null;
    vehicles: number | null;
    extraHousing: number | null;
    business: boolean;
  };
  income12m: number | null;
  expenses12m: {
    medical: number | null;
    education: number | null;
    housing: number | null;
    care: number | null;
  };
}

export const newMember = (relation: Relation): MemberValues => ({
  idNumber: '',
  name: '',
  relation,
  monthlyIncome: 0,
  laborCapacity: 'full',
  disabilityGrade: 0,
  disabilityType: null,
  seriousIllness: false,
  student: 'none',
  employed: false,
  careLevel: 'self',
  supporter: 'none',
});

const n = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function toHousehold(v: HouseholdValues): HouseholdInput {
  return {
    regionCode: v.regionPath.at(-1) ?? '',
    residence: v.residence,
    assessedOn: v.assessedOn,
    members: v.members.map((m) => ({
      idNumber: m.idNumber.trim().toUpperCase(),
      name: m.name.trim(),
      relation: m.relation,
      monthlyIncome: n(m.monthlyIncome),
      laborCapacity: m.laborCapacity,
      disability:
        m.disabilityGrade > 0 && m.disabilityType
          ? { grade: m.disabilityGrade, type: m.disabilityType }
          : null,
      seriousIllness: m.seriousIllness,
      student: m.student === 'none' ? null : m.student,
      employed: m.employed,
      careLevel: m.careLevel,
      supporter: m.supporter,
    })),
    assets: {
      financial: n(v.assets.financial),
      vehicles: n(v.assets.vehicles),
      extraHousing: n(v.assets.extraHousing),
      business: v.assets.business,
    },
    income12m: v.income12m ?? null,
    expenses12m: {
      medical: n(v.expenses12m.medical),
      education: n(v.expenses12m.education),
      housing: n(v.expenses12m.housing),
      care: n(v.expenses12m.care),
    },
  };
}

/** `members[1].disability.grade` → `['members', 1, 'disabilityGrade']`; null when no field matches. */
export function formFieldOf(path: string): Array<string | number> | null {
  if (path === 'regionCode') return ['regionPath'];
  const m = /^members\[(\d+)\]\.(\w+)(?:\.(\w+))?$/.exec(path);
  if (m) {
    const i = Number(m[1]);
    if (m[2] === 'disability') return ['members', i, m[3] === 'type' ? 'disabilityType' : 'disabilityGrade'];
    return ['members', i, m[2]!];
  }
  const parts = path.split('.');
  if (['residence', 'assessedOn', 'income12m'].includes(path)) return [path];
  if ((parts[0] === 'assets' || parts[0] === 'expenses12m') && parts.length === 2) return parts;
  return null;
}
