/**
 * The policy pack 政策参数包 (SPEC §3, appendix A.1). Field names are the contract.
 *
 * Two schemas:
 * - `partialPackSchema` validates one file as written: a pack with `extends` gives only the values it
 *   overrides, so every section field is optional there (arrays and records replace the parent's
 *   value wholesale; an explicit `null` overrides with null).
 * - `policyPackSchema` validates the resolved pack after inheritance: every field present.
 *
 * Objects are strict: an unknown (misspelt) key is an error, because a silently ignored override in a
 * benefits rule is worse than a refused file. The open places are `monitoring.rules` (typed known
 * thresholds plus any further key) and the optional `assistance` catalogue.
 */
import { z } from 'zod';
import { isIsoDate } from '../core/dates.ts';
import { formatIssues, issueFields } from './zod-zh.ts';

const decimalsAtMost = (x: number, places: number): boolean => {
  const scaled = x * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
};

/** Yuan amounts: non-negative, at most two decimals (they become integer fen). */
const yuan = z
  .number()
  .nonnegative()
  .max(100_000_000)
  .refine((x) => decimalsAtMost(x, 2), '金额最多两位小数');
const positiveYuan = z
  .number()
  .positive()
  .max(100_000_000)
  .refine((x) => decimalsAtMost(x, 2), '金额最多两位小数');
/** Ratios and multipliers: at most six decimals so that fen arithmetic stays exact. */
const sixDecimals = (x: number) => decimalsAtMost(x, 6);
const share = z.number().min(0).max(1).refine(sixDecimals, '比例最多六位小数');
const multiplier = z.number().positive().max(100).refine(sixDecimals, '倍数最多六位小数');
const count = z.number().int().nonnegative();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 格式的日期')
  .refine((s): boolean => isIsoDate(s), '日期不存在');

export const CATEGORIES = ['tekun', 'dibao', 'dibao_edge', 'rigid_expense', 'none'] as const;
export type Category = (typeof CATEGORIES)[number];
export const ASSISTED_CATEGORIES = ['tekun', 'dibao', 'dibao_edge', 'rigid_expense'] as const;
export type AssistedCategory = (typeof ASSISTED_CATEGORIES)[number];

export const SUPPLEMENT_CONDITIONS = ['seriousIllness', 'severeDisability', 'age70plus', 'minor'] as const;
export type SupplementCondition = (typeof SUPPLEMENT_CONDITIONS)[number];

export const EXPENSE_KINDS = ['medical', 'education', 'housing', 'care'] as const;
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];

/** `any`: whatever the household income; `rigidRange`: only when it is in the 刚性支出 income range. */
export const SINGLE_PERSON_SCOPES = ['any', 'rigidRange', 'none'] as const;
export type SinglePersonScope = (typeof SINGLE_PERSON_SCOPES)[number];

export const ASSISTANCE_MEMBER_FILTERS = [
  'all',
  'student',
  'laborCapable',
  'disabled',
  'severeDisability',
  'seriousIllness',
  'elderly',
  'minor',
  'needsCare',
] as const;
export type AssistanceMemberFilter = (typeof ASSISTANCE_MEMBER_FILTERS)[number];

const supplementSchema = z
  .strictObject({
    when: z.enum(SUPPLEMENT_CONDITIONS),
    ratio: share.optional(),
    amount: positiveYuan.optional(),
  })
  .refine((s) => (s.ratio === undefined) !== (s.amount === undefined), {
    message: '应给出 ratio（低保标准的倍数）或 amount（元）其中之一',
  });

const assistanceItemSchema = z.strictObject({
  name: z.string().min(1),
  department: z.string().min(1),
  categories: z.array(z.enum(ASSISTED_CATEGORIES)).min(1),
  members: z.enum(ASSISTANCE_MEMBER_FILTERS),
  residence: z.enum(['urban', 'rural']).nullable().optional(),
  condition: z.string().optional(),
  source: z.string().optional(),
});

const ruleDays = z.number().int().positive().max(365);

/** Warning thresholds and deadlines of SPEC §6; known keys are typed, further keys are allowed. */
const monitoringRulesSchema = z
  .object({
    /** 支出骤增: self-paid medical cost within `windowDays` at least `amount`, or at least `incomeRatio` × income12m. */
    medicalSelfPaySurge: z.strictObject({
      amount: positiveYuan,
      incomeRatio: share.nullable(),
      windowDays: ruleDays,
    }),
    /** 可能不再符合: a member's annual income from the tax feed at least this (yuan/year). */
    highIncomeAnnual: positiveYuan,
    /** 财产遭受重大损失: disaster loss at least this (yuan). */
    disasterLoss: positiveYuan,
    /** 限时核查: days to verify a warning, by level. */
    verificationDays: z.strictObject({ red: ruleDays, orange: ruleDays, yellow: ruleDays }),
  })
  .catchall(z.unknown());

const sections = {
  standards: z.strictObject({
    dibao: z.strictObject({ urban: positiveYuan, rural: positiveYuan }),
    disposableIncome: z.strictObject({ urban: positiveYuan, rural: positiveYuan }),
    minimumWage: positiveYuan,
  }),
  assets: z.strictObject({
    financialMonthsPerPerson: z.number().nonnegative().max(1200).refine(sixDecimals, '最多六位小数'),
    maxVehicles: count,
    maxExtraHousing: count,
    businessAllowed: z.boolean(),
  }),
  tekun: z.strictObject({
    elderlyAge: z.number().int().min(1).max(120),
    minorAge: z.number().int().min(1).max(120),
    basicMultiplier: multiplier,
    care: z.strictObject({ full: share, half: share, self: share }),
  }),
  dibao: z.strictObject({
    supplements: z.array(supplementSchema),
    /** `stack`: a member gets every supplement that applies (A.1); `highest`: only the largest. */
    supplementStacking: z.enum(['stack', 'highest']),
    employmentCostDeduction: yuan,
    gradualExitMonths: z.number().int().min(0).max(60),
    singlePerson: z.strictObject({
      edgeMembers: z.boolean(),
      adultUnemployedSevereDisability: z.enum(SINGLE_PERSON_SCOPES),
      /** Jilin adds seriously ill adults without a job (in the rigid range). */
      adultUnemployedSeriousIllness: z.enum(SINGLE_PERSON_SCOPES),
    }),
  }),
  edge: z.strictObject({ incomeMultiplier: multiplier }),
  rigid: z.strictObject({
    incomeLowerMultiplier: multiplier.nullable(),
    expenseRatio: share,
    expenseKinds: z.array(z.enum(EXPENSE_KINDS)).min(1),
  }),
  medical: z.strictObject({
    premiumSubsidy: z.strictObject({ tekun: share, dibao: share, dibao_edge: share, other: share }),
    reliefRatio: z.strictObject({ tekun: share, dibao: share, dibao_edge: share, rigid_expense: share }),
    /** Chongqing: members joining tier 2 get this share of the tier-1 individual contribution. */
    tier2OfTier1Contribution: share.nullable().optional(),
  }),
  temporary: z.strictObject({
    smallAmountFirstLimit: positiveYuan,
    publicEmergencyMonths: z.number().nonnegative().max(24),
  }),
  monitoring: z.strictObject({
    exitedMonths: z.number().int().min(0).max(120),
    rejectedMonths: z.number().int().min(0).max(120),
    rules: monitoringRulesSchema,
  }),
  payment: z.strictObject({ dayOfMonth: z.number().int().min(1).max(31) }),
  publicNotice: z.strictObject({ days: z.number().int().min(0).max(60) }),
  /** Other assistance 其他救助帮扶 (§4.4): eligibilities with a responsible department, keyed by code. */
  assistance: z.record(
    z.string().regex(/^[a-z][a-z0-9_]*$/, '代码应为小写字母、数字和下划线'),
    assistanceItemSchema,
  ),
};

const regionField = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string()
    .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, '应为2、4、6、9或12位行政区划代码')
    .refine((s) => !s.startsWith('00'), '省级代码不能为00'),
);

const header = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '应为小写字母、数字和连字符组成的标识（2–64位）'),
  version: z.number().int().positive(),
  /** Region prefix governed. Abstract packs (only extended, never applied) have null. */
  region: regionField.nullable(),
  name: z.string().min(1).max(100),
  /** `parent-id` (the parent's version in force on this pack's effectiveFrom) or `parent-id@3` (pinned). */
  extends: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,63}(@[1-9]\d*)?$/, '应为父参数包标识，可带 @版本号')
    .nullable()
    .optional(),
  effectiveFrom: isoDate,
  /** Last day in force (inclusive), when the document states one. */
  effectiveUntil: isoDate.nullable().optional(),
  abstract: z.boolean().optional(),
  description: z.string().optional(),
  source: z
    .strictObject({
      title: z.string().min(1),
      docNo: z.string().optional(),
      issuedOn: isoDate.optional(),
      url: z.string().optional(),
    })
    .optional(),
  notes: z.array(z.string()).optional(),
};

function checkHeader(
  p: {
    region: string | null;
    abstract?: boolean | undefined;
    effectiveFrom: string;
    effectiveUntil?: string | null;
  },
  ctx: z.core.$RefinementCtx,
): void {
  if (p.region === null && !p.abstract) {
    ctx.addIssue({
      code: 'custom',
      path: ['region'],
      message: '缺少适用地区（只有 abstract: true 的基础包可以为空）',
    });
  }
  if (p.effectiveUntil && p.effectiveUntil < p.effectiveFrom) {
    ctx.addIssue({ code: 'custom', path: ['effectiveUntil'], message: '失效日期不能早于生效日期' });
  }
}

const resolvedObject = z.strictObject({ ...header, exampleValues: z.boolean(), ...sections });

/** The resolved pack (after inheritance): every value present, cross-field rules checked. */
export const policyPackSchema = resolvedObject.superRefine((p, ctx) => {
  checkHeader(p, ctx);
  if (p.tekun.minorAge >= p.tekun.elderlyAge) {
    ctx.addIssue({ code: 'custom', path: ['tekun', 'minorAge'], message: '未成年年龄线应小于老年人年龄线' });
  }
  const lower = p.rigid.incomeLowerMultiplier;
  if (lower !== null && lower > p.edge.incomeMultiplier) {
    // A gap between the 边缘 bound and the 刚性 lower bound would leave households in between with no
    // category while poorer and richer ones qualify.
    ctx.addIssue({
      code: 'custom',
      path: ['rigid', 'incomeLowerMultiplier'],
      message: `刚性支出收入下限倍数 ${lower} 不应高于低保边缘倍数 ${p.edge.incomeMultiplier}`,
    });
  }
  if (p.edge.incomeMultiplier <= 1) {
    ctx.addIssue({ code: 'custom', path: ['edge', 'incomeMultiplier'], message: '低保边缘倍数应大于1' });
  }
  if (new Set(p.rigid.expenseKinds).size !== p.rigid.expenseKinds.length) {
    ctx.addIssue({ code: 'custom', path: ['rigid', 'expenseKinds'], message: '支出类别不能重复' });
  }
});

export type PolicyPack = z.output<typeof policyPackSchema>;

/** Makes every object field optional, recursively; arrays, records and leaves are kept whole. */
function deepPartial(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      shape[key] = deepPartial(value).optional();
    }
    const catchall = schema.def.catchall;
    const rebuilt = z.object(shape);
    return catchall ? rebuilt.catchall(catchall) : rebuilt;
  }
  return schema;
}

type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends Record<string, unknown>
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

type Header = z.output<z.ZodObject<typeof header>>;
type Sections = Omit<PolicyPack, keyof Header | 'exampleValues'>;

/** One pack file as written: the header, and only the values it sets. */
export type PartialPack = Header & { exampleValues?: boolean | undefined } & DeepPartial<Sections>;

const partialSections: Record<string, z.ZodType> = {};
for (const [key, schema] of Object.entries(sections)) partialSections[key] = deepPartial(schema).optional();

export const partialPackSchema = z
  .strictObject({ ...header, exampleValues: z.boolean().optional(), ...partialSections })
  .superRefine((p, ctx) => checkHeader(p, ctx)) as unknown as z.ZodType<PartialPack>;

export type ValidationOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; errors: string[]; fields: Record<string, string> };

function outcome<T>(result: z.ZodSafeParseResult<T>, data: unknown): ValidationOutcome<T> {
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: formatIssues(result.error.issues, data),
    fields: issueFields(result.error.issues, data),
  };
}

/** Validates one pack file's data (already parsed from YAML/JSON). */
export const validatePartialPack = (data: unknown): ValidationOutcome<PartialPack> =>
  outcome(partialPackSchema.safeParse(data), data);

/** Validates a complete (resolved) pack. */
export const validateResolvedPack = (data: unknown): ValidationOutcome<PolicyPack> =>
  outcome(policyPackSchema.safeParse(data), data);

/** Header fields, which belong to one file and are never inherited. */
export const HEADER_KEYS: readonly string[] = Object.keys(header);
