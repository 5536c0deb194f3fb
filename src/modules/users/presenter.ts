import { z } from 'zod';
import { ROLE_NAMES } from '../access/index.ts';
import type { UserView } from './service.ts';

export const regionRefSchema = z.object({ code: z.string(), name: z.string(), level: z.string() });

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  roleName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  regionPath: z.array(regionRefSchema),
  department: z.string().nullable(),
  permissions: z.array(z.string()).optional(),
});

export function presentUser(u: UserView, permissions?: string[]): z.infer<typeof userSchema> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    roleName: ROLE_NAMES[u.role],
    regionCode: u.regionCode,
    regionName: u.regionName,
    regionPath: u.regionPath,
    department: u.department,
    ...(permissions ? { permissions } : {}),
  };
}
