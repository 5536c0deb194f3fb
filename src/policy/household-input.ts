/**
 * The household for assessment (SPEC appendix A.2): validation with Chinese errors that name the
 * member index and field, and conversion to the engine's form (integer fen, birth dates).
 */
import { z } from 'zod';
import { isIsoDate } from '../core/dates.ts';
import { AppError } from '../core/errors.ts';
import {
  birthDateOf,
  type IdNumber,
  idNumberProblem,
  idProblemText,
  normaliseIdNumber,
} from '../core/id-number.ts';
import { yuanToFen } from '../core/money.ts';
import { parseRegionCode } from '../core/region-code.ts';
import { EXPENSE_KINDS, type ExpenseKind, type ValidationOutcome } from './pack-schema.ts';
import { formatIssues, issueFields } from './zod-zh.ts';

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export const LABOR_CAPACITIES = ['none', 'partial', 'full'] as const;
export const DISABILITY_TYPES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;
export const STUDENT_STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'college'] as const;
export const CARE_LEVELS = ['self', 'half', 'full'] as const;
export const SUPPORTER_STATES = ['none', 'unable', 'able'] as const;

export type Relation = (typeof RELATIONS)[number];
export type LaborCapacity = (typeof LABOR_CAPACITIES)[number];
export type DisabilityType = (typeof DISABILITY_TYPES)[number];
export type StudentStage = (typeof STUDENT_STAGES)[number];
export type CareLevel = (typeof CARE_LEVELS)[number];
export type Supporter = (typeof SUPPORTER_STATES)[number];

const money = z.number().nonnegative().max(100_000_000);

const idNumberField = z.string().superRefine((raw, ctx) => {
  const problem = idNumberProblem(normaliseIdNumber(raw));
  if (problem) ctx.addIssue({ code: 'custom', message: `身份证号码${idProblemText(problem)}` });
});

const memberSchema = z.strictObject({
  idNumber: idNumberField,
  name: z.string().trim().min(1).max(50),
  relation: z.enum(RELATIONS),
  monthlyIncome: money,
  laborCapacity: z.enum(LABOR_CAPACITIES),
  disability: z
    .strictObject({ grade: z.number().int().min(1).max(4), type: z.enum(DISABILITY_TYPES) })
    .nullable()
    .default(null),
  seriousIllness: z.boolean().default(false),
  student: z.enum(STUDENT_STAGES).nullable().default(null),
  employed: z.boolean().default(false),
  careLevel: z.enum(CARE_LEVELS).default('self'),
  supporter: z.enum(SUPPORTER_STATES),
});

/** The household JSON of appendix A.2, as validated (amounts still in yuan). */
export const householdInputSchema = z
  .strictObject({
    regionCode: z
      .string()
      .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '应为12位行政区划代码（或2、4、6、9位前缀）')
      .refine((s) => !s.startsWith('00'), '省级代码不能为00'),
    residence: z.enum(['urban', 'rural']),
    assessedOn: z
      .string()
      .refine((s): boolean => isIsoDate(s), '应为有效的 YYYY-MM-DD 日期')
      .nullable()
      .optional(),
    members: z.array(memberSchema).min(1).max(50),
    assets: z.strictObject({
      financial: money,
      vehicles: z.number().int().nonnegative(),
      extraHousing: z.number().int().nonnegative(),
      business: z.boolean(),
    }),
    income12m: money.nullable().optional(),
    expenses12m: z
      .strictObject({
        medical: money.default(0),
        education: money.default(0),
        housing: money.default(0),
        care: money.default(0),
      })
      .optional(),
  })
  .superRefine((h, ctx) => {
    const seen = new Map<string, number>();
    h.members.forEach((m, i) => {
      const id = normaliseIdNumber(m.idNumber);
      const j = seen.get(id);
      if (j !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['members', i, 'idNumber'],
          message: `与第${j + 1}位成员（members[${j}]）的身份证号码重复`,
        });
      } else {
        seen.set(id, i);
      }
    });
  });

export type HouseholdInput = z.input<typeof householdInputSchema>;

export interface Disability {
  grade: number;
  type: DisabilityType;
}

/** A member as the engine sees it: money in fen, birth date from the ID number. */
export interface Member {
  idNumber: IdNumber;
  name: string;
  relation: Relation;
  /** Monthly income, fen, before any deduction. */
  incomeFen: number;
  laborCapacity: LaborCapacity;
  disability: Disability | null;
  seriousIllness: boolean;
  student: StudentStage | null;
  employed: boolean;
  careLevel: CareLevel;
  supporter: Supporter;
  birthDate: string;
  /** Birth date as the number YYYYMMDD (for fast age arithmetic). */
  birthKey: number;
}

export interface Household {
  /** 12 digits. */
  regionCode: string;
  residence: 'urban' | 'rural';
  assessedOn: string | null;
  members: Member[];
  assets: { financialFen: number; vehicles: number; extraHousing: number; business: boolean };
  /** Household income over the last 12 months, fen (declared, or 12 × the members' monthly income). */
  income12mFen: number;
  income12mDeclared: boolean;
  expenses12mFen: Record<ExpenseKind, number>;
}

function toHousehold(h: z.output<typeof householdInputSchema>): Household {
  const members: Member[] = h.members.map((m) => {
    const idNumber = normaliseIdNumber(m.idNumber) as IdNumber;
    return {
      idNumber,
      name: m.name,
      relation: m.relation,
      incomeFen: yuanToFen(m.monthlyIncome),
      laborCapacity: m.laborCapacity,
      disability: m.disability,
      seriousIllness: m.seriousIllness,
      student: m.student,
      employed: m.employed,
      careLevel: m.careLevel,
      supporter: m.supporter,
      birthDate: birthDateOf(idNumber),
      birthKey: Number(idNumber.slice(6, 14)),
    };
  });
  const declared = h.income12m !== undefined && h.income12m !== null;
  const expenses = {} as Record<ExpenseKind, number>;
  for (const kind of EXPENSE_KINDS) expenses[kind] = yuanToFen(h.expenses12m?.[kind] ?? 0);
  return {
    regionCode: parseRegionCode(h.regionCode),
    residence: h.residence,
    assessedOn: h.assessedOn ?? null,
    members,
    assets: {
      financialFen: yuanToFen(h.assets.financial),
      vehicles: h.assets.vehicles,
      extraHousing: h.assets.extraHousing,
      business: h.assets.business,
    },
    income12mFen: declared
      ? yuanToFen(h.income12m as number)
      : 12 * members.reduce((s, m) => s + m.incomeFen, 0),
    income12mDeclared: declared,
    expenses12mFen: expenses,
  };
}

/** Validates household JSON (appendix A.2); errors name the member index and field, in Chinese. */
export function validateHousehold(data: unknown): ValidationOutcome<Household> {
  const result = householdInputSchema.safeParse(data);
  if (!result.success) {
    return {
      ok: false,
      errors: formatIssues(result.error.issues, data),
      fields: issueFields(result.error.issues, data),
    };
  }
  return { ok: true, value: toHousehold(result.data) };
}

/** Like `validateHousehold`, throwing VALIDATION_FAILED with every problem listed. */
export function parseHousehold(data: unknown): Household {
  const result = validateHousehold(data);
  if (!result.ok) throw new AppError('VALIDATION_FAILED', result.errors.join('；'), result.fields);
  return result.value;
}
