/**
 * The one place where authorisation is decided. Every service that reads or changes personal data
 * calls `requirePermission` and scopes its queries with `scopeOf` / `requireInScope`.
 *
 * A record outside the caller's subtree answers 404 (not 403: its existence is not revealed), and
 * the attempt is audited by the request's error handler, outside the failed transaction.
 */
import { AppError } from '../../core/errors.ts';
import { contains, levelOf, prefixOf, type RegionCode, type RegionLevel } from '../../core/region-code.ts';
import type { Actor } from './actor.ts';
import { type Permission, roleCan } from './permissions.ts';

export type { Actor, Role } from './actor.ts';
export { ROLE_NAMES, SYSTEM_ACTOR } from './actor.ts';
export type { Permission } from './permissions.ts';
export { permissionsOf } from './permissions.ts';

/** An access failure that the error handler audits as `denied` before answering. */
export class AccessDenied extends AppError {
  readonly attempt: {
    action: string;
    objectType: string;
    objectId: string | null;
    regionCode: string | null;
  };
  constructor(
    code: 'NOT_FOUND' | 'FORBIDDEN',
    attempt: { action: string; objectType: string; objectId?: string | null; regionCode?: string | null },
  ) {
    super(code);
    this.attempt = {
      action: attempt.action,
      objectType: attempt.objectType,
      objectId: attempt.objectId ?? null,
      regionCode: attempt.regionCode ?? null,
    };
  }
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || roleCan(actor.role, permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AccessDenied('FORBIDDEN', { action: permission, objectType: 'permission' });
  }
}

/** The region subtree an actor sees, as an inclusive code range usable by a B-tree index. */
export type Scope = { prefix: string; lo: string; hi: string };

export const ALL_REGIONS: Scope = { prefix: '', lo: '000000000000', hi: '999999999999' };

export function rangeOf(code: RegionCode): Scope {
  const prefix = prefixOf(code);
  return { prefix, lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') };
}

export function scopeOf(actor: Actor): Scope {
  return actor.kind === 'system' ? ALL_REGIONS : rangeOf(actor.regionCode);
}

export function inScope(actor: Actor, regionCode: RegionCode): boolean {
  return actor.kind === 'system' || contains(actor.regionCode, regionCode);
}

/** Throws a 404 `AccessDenied` when the record's region lies outside the actor's subtree. */
export function requireInScope(
  actor: Actor,
  regionCode: RegionCode,
  attempt: { action: string; objectType: string; objectId?: string | null },
): void {
  if (!inScope(actor, regionCode)) throw new AccessDenied('NOT_FOUND', { ...attempt, regionCode });
}

/** Civil-affairs work "at county level and above" (policy publishing, case conferences). */
export function actorLevel(actor: Actor): RegionLevel | 'system' {
  return actor.kind === 'system' ? 'system' : levelOf(actor.regionCode);
}

export function requireCountyOrAbove(actor: Actor, action: string): void {
  const level = actorLevel(actor);
  if (level === 'town' || level === 'village') {
    throw new AccessDenied('FORBIDDEN', { action, objectType: 'level' });
  }
}
