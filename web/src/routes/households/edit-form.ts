/**
 * Pure helpers of the correction form: the form values of a member or of the household, which of
 * them the worker changed, and those changes in the API's shape. Keeping the worker's own changes
 * apart lets a conflict (409) reload the latest data and put them back on top, so nothing is lost.
 */
import type { HouseholdChanges, HouseholdPage, Member, PersonChanges } from '../../api/households';

/** "none" stands for null in selects (no disability, not in school, care level not assessed). */
export const NONE = 'none';

export interface MemberFormValues {
  name: string;
  /** A new ID number; empty = unchanged (the full number is never sent to the form). */
  idNumber: string;
  relation: string;
  monthlyIncome: number;
  laborCapacity: string;
  /** 0 = no disability. */
  disabilityGrade: number;
  disabilityType: string | undefined;
  seriousIllness: boolean;
  studentStage: string;
  employed: boolean;
  careLevel: string;
  supporter: string;
}

export interface HouseholdFormValues {
  address: string;
  residence: 'urban' | 'rural';
  regionCode: string;
  headPersonId: number | undefined;
}

export function memberFormValues(m: Member): MemberFormValues {
  return {
    name: m.name,
    idNumber: '',
    relation: m.relation,
    monthlyIncome: m.monthlyIncome,
    laborCapacity: m.laborCapacity,
    disabilityGrade: m.disability?.grade ?? 0,
    disabilityType: m.disability?.type ?? undefined,
    seriousIllness: m.seriousIllness,
    studentStage: m.studentStage ?? NONE,
    employed: m.employed,
    careLevel: m.careLevel ?? NONE,
    supporter: m.supporter,
  };
}

export function householdFormValues(page: HouseholdPage): HouseholdFormValues {
  const h = page.household;
  return {
    address: h.address,
    residence: h.residence,
    regionCode: h.region.code,
    headPersonId: h.headPersonId ?? undefined,
  };
}

/** The keys whose value differs from the base the form was opened on. */
export function changedKeys<T extends object>(values: T, base: T): Array<keyof T> {
  return (Object.keys(base) as Array<keyof T>).filter((k) => {
    const v = values[k];
    if (k === 'idNumber') return typeof v === 'string' && v.trim() !== '';
    return v !== undefined && v !== base[k];
  });
}

/** The worker's changes put on top of fresher data (after a conflict). */
export function rebase<T extends object>(values: T, oldBase: T, newBase: T): T {
  const out = { ...newBase };
  for (const k of changedKeys(values, oldBase)) out[k] = values[k];
  return out;
}

const orNull = (v: string) => (v === NONE ? null : v);

export function personChanges(values: MemberFormValues, base: MemberFormValues): PersonChanges {
  const out: PersonChanges = {};
  for (const k of changedKeys(values, base)) {
    switch (k) {
      case 'idNumber':
        out.idNumber = values.idNumber.trim().toUpperCase();
        break;
      case 'name':
        out.name = values.name.trim();
        break;
      case 'disabilityGrade':
      case 'disabilityType':
        out.disabilityGrade = values.disabilityGrade === 0 ? null : values.disabilityGrade;
        out.disabilityType = values.disabilityGrade === 0 ? null : (values.disabilityType ?? null);
        break;
      case 'studentStage':
        out.studentStage = orNull(values.studentStage);
        break;
      case 'careLevel':
        out.careLevel = orNull(values.careLevel);
        break;
      default:
        (out as Record<string, unknown>)[k] = values[k];
    }
  }
  return out;
}

export function householdChanges(values: HouseholdFormValues, base: HouseholdFormValues): HouseholdChanges {
  const out: HouseholdChanges = {};
  for (const k of changedKeys(values, base)) {
    if (k === 'address') out.address = values.address.trim();
    else if (k === 'residence') out.residence = values.residence;
    else if (k === 'regionCode') out.regionCode = values.regionCode;
    else if (k === 'headPersonId' && values.headPersonId !== undefined)
      out.headPersonId = values.headPersonId;
  }
  return out;
}
