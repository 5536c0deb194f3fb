import type { RegionCode } from '../../core/region-code.ts';
import type { STAFF_ROLES } from '../users/schema.ts';

export type Role = (typeof STAFF_ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  village_assistant: '村(居)社会救助协理员',
  town_worker: '乡镇(街道)经办人',
  civil_admin: '民政管理员',
  department: '部门用户',
  charity: '慈善组织',
  supervisor: '监督人员',
};

/** Who is acting: a logged-in staff member, or an operator at the command line (system). */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      username: string;
      displayName: string;
      role: Role;
      regionCode: RegionCode;
      department: string | null;
    }
  | { kind: 'system'; name: string };

export const SYSTEM_ACTOR: Actor = { kind: 'system', name: 'system' };

export const actorName = (a: Actor): string => (a.kind === 'user' ? a.username : `system:${a.name}`);
export const actorId = (a: Actor): string | null => (a.kind === 'user' ? a.userId : null);
