import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { RegionCode } from '../../core/region-code.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/db-error.ts';
import type { Database } from '../../db/types.ts';
import { type Actor, requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { describe, requireKnownRegion } from '../regions/service.ts';
import { passwordProblems } from './password-policy.ts';
import * as repo from './repository.ts';
import { STAFF_ROLES } from './schema.ts';

export const DEPARTMENTS = {
  civil_affairs: '民政',
  education: '教育',
  hr_social_security: '人社',
  housing: '住建',
  health: '卫健',
  medical_insurance: '医保',
  emergency: '应急',
  disability_federation: '残联',
  agriculture_rural: '农业农村',
  justice: '司法',
  trade_union: '工会',
  red_cross: '红十字会',
  public_security: '公安',
  market_regulation: '市场监管',
  real_estate_registry: '不动产登记',
  taxation: '税务',
} as const;

export const newUserSchema = z.object({
  username: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, '用户名为3–32位字母、数字、下划线、点或连字符，以字母开头'),
  displayName: z.string().trim().min(1, '请填写姓名').max(40),
  password: z.string().max(128),
  role: z.enum(STAFF_ROLES, { message: '角色无效' }),
  regionCode: z.string(),
  department: z
    .enum(Object.keys(DEPARTMENTS) as [keyof typeof DEPARTMENTS], { message: '部门无效' })
    .nullish(),
});
export type NewUser = z.infer<typeof newUserSchema>;

/** Argon2id (the library default) with its recommended memory and time costs. */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function createUser(db: Database, actor: Actor, input: NewUser): Promise<repo.UserRecord> {
  requirePermission(actor, 'users.manage');
  const problems = passwordProblems(input.password, input.username);
  if (problems.length) throw new AppError('WEAK_PASSWORD', problems.join('；'));
  if (input.role === 'department' && !input.department)
    throw new AppError('VALIDATION_FAILED', '部门用户须指定部门');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const region = await requireKnownRegion(tx, input.regionCode);
    requireInScope(actor, region, { action: 'users.create', objectType: 'user', objectId: input.username });
    try {
      const user = await repo.insert(tx, {
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        role: input.role,
        region_code: region,
        department: input.role === 'department' ? (input.department ?? null) : null,
      });
      await audit(tx, db.kind, actor, {
        action: 'users.create',
        objectType: 'user',
        objectId: user.id,
        regionCode: region,
        changes: { username: [null, user.username], role: [null, user.role], regionCode: [null, region] },
      });
      return user;
    } catch (e) {
      if (sqlState(e) === UNIQUE_VIOLATION)
        throw new AppError('DUPLICATE', `用户名 ${input.username} 已存在`);
      throw e;
    }
  });
}

export type UserView = {
  id: string;
  username: string;
  displayName: string;
  role: repo.UserRecord['role'];
  regionCode: string;
  regionName: string;
  regionPath: Array<{ code: string; name: string; level: string }>;
  department: string | null;
};

export async function viewOf(db: Database, u: repo.UserRecord): Promise<UserView> {
  const region = await describe(db, u.region_code as RegionCode);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    regionCode: u.region_code,
    regionName: region?.name ?? u.region_code,
    regionPath: region?.path ?? [],
    department: u.department,
  };
}

export async function listUsers(db: Database, actor: Actor, page: { limit: number; offset: number }) {
  requirePermission(actor, 'users.read');
  const { lo, hi } = scopeOf(actor);
  return repo.listInRange(db, lo, hi, page.limit, page.offset);
}
