/**
 * Role permissions: what each role of SPEC §1 may do. Region scope is separate (scope.ts): a
 * permission says "may read personal records", the scope says "only within my subtree".
 */
import type { Role } from './actor.ts';

export const PERMISSIONS = [
  'regions.read',
  'stats.read',
  'users.read',
  'users.manage',
  'audit.read',
  'policy.read',
  'policy.publish',
  'assess.try',
  'person.read',
  'person.write',
  'person.reveal_id',
  'person.names',
  'category.end',
  'registry.import',
  'registry.export',
  'monitoring.read',
  'monitoring.verify',
  'monitoring.handle',
  'monitoring.run',
  'feeds.import',
  'feeds.read',
  'feeds.keys',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const ALL_STAFF: readonly Role[] = [
  'village_assistant',
  'town_worker',
  'civil_admin',
  'department',
  'charity',
  'supervisor',
];
const CASE_WORKERS: readonly Role[] = ['village_assistant', 'town_worker', 'civil_admin'];

const GRANTS: Record<Permission, readonly Role[]> = {
  'regions.read': ALL_STAFF,
  'stats.read': [...CASE_WORKERS, 'supervisor'],
  'users.read': ['civil_admin', 'supervisor'],
  'users.manage': ['civil_admin'],
  'audit.read': ['civil_admin', 'supervisor'],
  'policy.read': ALL_STAFF,
  'policy.publish': ['civil_admin'],
  'assess.try': CASE_WORKERS,
  'person.read': [...CASE_WORKERS, 'supervisor'],
  'person.write': CASE_WORKERS,
  'person.reveal_id': ['town_worker', 'civil_admin'],
  // Full names of people in scope (others with person.read see 张*三).
  'person.names': CASE_WORKERS,
  // 终止救助类别 (exit): a decision of the town, with county oversight (SPEC §5) — a village
  // assistant records facts (person.write) but does not end assistance.
  'category.end': ['town_worker', 'civil_admin'],
  'registry.import': ['town_worker', 'civil_admin'],
  'registry.export': [...CASE_WORKERS, 'supervisor'],
  // 动态监测预警: the warning board, tasks and leads (personal data, in scope).
  'monitoring.read': [...CASE_WORKERS, 'supervisor'],
  // Recording a home visit 入户核查.
  'monitoring.verify': CASE_WORKERS,
  // 分类处置 of verified warnings.
  'monitoring.handle': ['town_worker', 'civil_admin'],
  'monitoring.run': ['civil_admin'],
  // Department feeds: upload files; see the load reports; manage department systems' API keys.
  'feeds.import': ['town_worker', 'civil_admin', 'department'],
  'feeds.read': ['town_worker', 'civil_admin', 'department', 'supervisor'],
  'feeds.keys': ['civil_admin'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[permission].includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => roleCan(role, p));
}
