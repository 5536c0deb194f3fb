/**
 * Showing a full ID number is an explicit, audited act: only roles with `person.reveal_id`, only in
 * scope, only with a stated reason. Everything else shows the mask.
 */
import { z } from 'zod';
import { decryptId, type RegistryKeys } from '../../core/crypto.ts';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { householdInScope, memberOf } from './common.ts';

export const revealSchema = z.object({
  reason: z.string().trim().min(2, '请填写查看完整身份证号码的理由').max(200, '理由过长'),
});

export async function revealIdNumber(
  db: Database,
  keys: RegistryKeys,
  actor: Actor,
  householdId: number,
  personId: number,
  reason: string,
): Promise<{ idNumber: string }> {
  requirePermission(actor, 'person.reveal_id');
  return db.transaction(async (tx) => {
    const h = await householdInScope(tx, actor, householdId, 'person.reveal_id');
    const p = await memberOf(tx, h, personId);
    await audit(tx, db.kind, actor, {
      action: 'person.reveal_id',
      objectType: 'person',
      objectId: String(p.id),
      regionCode: h.region_code,
      changes: { reason },
    });
    return { idNumber: decryptId(keys, p.id_cipher) };
  });
}
