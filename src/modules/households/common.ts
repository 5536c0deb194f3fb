/** Shared steps of the household use cases: finding a household inside the caller's scope. */
import { AppError } from '../../core/errors.ts';
import type { RegionCode } from '../../core/region-code.ts';
import type { Queryable } from '../../db/types.ts';
import { type Actor, actorId, actorName } from '../access/actor.ts';
import { requireInScope } from '../access/index.ts';
import * as repo from './repository.ts';

/** How a change's author is named to other workers (the conflict message, the timeline). */
export const authorOf = (a: Actor): string => (a.kind === 'user' ? a.displayName : `系统（${a.name}）`);

export const historyMeta = (a: Actor) => ({
  actorId: actorId(a),
  actorName: authorOf(a),
  auditName: actorName(a),
});

/**
 * The household, if it exists and lies in the actor's subtree. Outside the subtree it answers the
 * same 404 as a missing one, and the attempt is audited by the error handler.
 */
export async function householdInScope(
  q: Queryable,
  actor: Actor,
  id: number,
  action: string,
  lock = false,
): Promise<repo.HouseholdRow> {
  const h = await repo.findHousehold(q, id, lock);
  if (!h) throw new AppError('NOT_FOUND', '该户不存在');
  requireInScope(actor, h.region_code as RegionCode, {
    action,
    objectType: 'household',
    objectId: String(id),
  });
  return h;
}

/** A current member of the household (404 otherwise: the id may name someone elsewhere). */
export async function memberOf(
  q: Queryable,
  household: repo.HouseholdRow,
  personId: number,
  lock = false,
): Promise<repo.PersonRow> {
  const p = await repo.findPerson(q, personId, lock);
  if (!p || p.household_id !== household.id) throw new AppError('NOT_FOUND', '该户中没有这名成员');
  return p;
}
