import type { User } from '../../api/types';

/** Publishing is for civil-affairs admins at county level and above (the server checks again). */
export function canPublish(user: User): boolean {
  const level = user.regionPath.at(-1)?.level;
  return user.role === 'civil_admin' && (level === 'province' || level === 'city' || level === 'county');
}
