/**
 * The codes of the registry's enumerations, apart from the drizzle schema so that code with no
 * database (the demo generator's worker thread, the import validator) loads without drizzle.
 */
export const CATEGORIES = [
  'tekun',
  'dibao',
  'dibao_edge',
  'rigid_expense',
  'relapse_monitor',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_STATUSES = ['active', 'gradual_exit', 'suspended', 'ended'] as const;
/** Statuses that count as "in the category" (statistics, the household page). */
export const COUNTED_STATUSES = ['active', 'gradual_exit'] as const;
export const RESIDENCES = ['urban', 'rural'] as const;
// The A.2 attribute vocabularies are the assessment engine's: one definition for both.
export {
  CARE_LEVELS,
  DISABILITY_TYPES,
  LABOR_CAPACITIES,
  RELATIONS,
  STUDENT_STAGES,
  SUPPORTER_STATES as SUPPORTERS,
} from '../../policy/household-input.ts';
export const MONITORING_REASONS = ['rejected', 'exited', 'relapse_monitor', 'latent'] as const;
/** Where a fact came from. The first five are what a worker records; the last two are bulk origins. */
export const SOURCES = [
  'self_declared',
  'proxy',
  'home_visit',
  'department_feed',
  'department_return',
  'registry_import',
  'demo',
] as const;
export type Source = (typeof SOURCES)[number];
