/**
 * The public face of the policy layer: what the server, database and CLI layers call.
 *
 *   const catalog = await loadCatalog();                       // policies/ (pack-files.ts)
 *   const { pack } = resolvePackFor(catalog, regionCode, date); // pack in force
 *   const household = parseHousehold(json);                    // A.2, Chinese errors
 *   const result = assess(household, pack, date);              // A.3
 *
 * Everything here is pure: no I/O, no clock. Packs are compiled to fen once and cached per pack
 * object, so pass the same resolved pack object to repeated calls.
 */
import { AppError } from '../core/errors.ts';
import { type AssessMode, assessCompiled } from './assess.ts';
import { type CompiledPack, compilePack } from './compiled-pack.ts';
import { type Household, parseHousehold } from './household-input.ts';
import type { PolicyPack } from './pack-schema.ts';
import type { AssessmentResult } from './result.ts';

export type { AssessMode } from './assess.ts';
export { type CompiledPack, compilePack } from './compiled-pack.ts';
export { explanationToText } from './explain.ts';
export {
  type Household,
  type HouseholdInput,
  householdInputSchema,
  type Member,
  parseHousehold,
  validateHousehold,
} from './household-input.ts';
export type { Category, PartialPack, PolicyPack } from './pack-schema.ts';
export {
  type AssessmentResult,
  CATEGORY_NAMES,
  CATEGORY_RANK,
  type Entitlement,
  type ExplanationEntry,
  type MemberCategory,
} from './result.ts';
export {
  assessTransfer,
  type GradualExitDecision,
  type GradualExitInput,
  gradualExit,
  type TransferResult,
} from './transitions.ts';

const compiled = (p: PolicyPack | CompiledPack): CompiledPack => ('ref' in p ? p : compilePack(p));

/**
 * Assesses a validated household under a resolved pack on `date` (YYYY-MM-DD): SPEC §4.2–4.4,
 * result as appendix A.3.
 */
export function assess(
  household: Household,
  pack: PolicyPack | CompiledPack,
  date: string,
  mode: AssessMode = 'full',
): AssessmentResult {
  return assessCompiled(household, compiled(pack), date, mode);
}

/**
 * Validates household JSON (A.2) and assesses it. The date is `date`, else the household's
 * `assessedOn`; one of them is required (the caller supplies "today" — the engine has no clock).
 */
export function assessJson(data: unknown, pack: PolicyPack | CompiledPack, date?: string): AssessmentResult {
  const household = parseHousehold(data);
  const on = date ?? household.assessedOn;
  if (!on) throw new AppError('VALIDATION_FAILED', 'assessedOn：缺少认定日期');
  return assess(household, pack, on);
}

/** How long a household with this outcome stays in the monitoring pool, in months (null: not needed). */
export function monitoringMonthsFor(
  result: AssessmentResult,
  pack: PolicyPack,
  reason: 'rejected' | 'exited',
): number | null {
  if (result.category !== 'none') return null;
  return reason === 'exited' ? pack.monitoring.exitedMonths : pack.monitoring.rejectedMonths;
}
