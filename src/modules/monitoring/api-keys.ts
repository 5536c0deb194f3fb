/**
 * API keys of department systems pushing feeds (`X-API-Key`). A civil-affairs admin creates a key for
 * a department, its region and the feed types it may push; the key (256 random bits) is shown once
 * and only its SHA-256 is stored. Keys are revocable; every creation, revocation, use and refused
 * use is audited.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { parseRegionCode, type RegionCode } from '../../core/region-code.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { type Actor, actorId, actorName } from '../access/actor.ts';
import { requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { requireKnownRegion } from '../regions/service.ts';
import { FEED_TYPES, type FeedType } from './feeds/feed-types.ts';

export type ApiKeyRow = {
  id: number;
  name: string;
  department: string;
  region_code: string;
  feed_types: string[];
  prefix: string;
  key_hash: string;
  created_by_name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by_name: string | null;
};

const COLS = `id, name, department, region_code, feed_types, prefix, key_hash, created_by_name, created_at,
  last_used_at, revoked_at, revoked_by_name`;

const KEY_PREFIX = 'ddk_';

export const newKeySchema = z.object({
  name: z.string().trim().min(2, '请填写名称（至少2个字）').max(100),
  department: z.string().trim().min(2, '请填写部门').max(50),
  /** The department's region (default: the admin's own). */
  regionCode: z
    .string()
    .regex(/^\d{12}$/, '行政区划代码应为12位数字')
    .optional(),
  feedTypes: z
    .array(z.enum(FEED_TYPES as [FeedType, ...FeedType[]]))
    .min(1, '请至少选择一种数据类型')
    .max(FEED_TYPES.length),
});
export type NewKey = z.infer<typeof newKeySchema>;

const hashOf = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export async function createApiKey(
  db: Database,
  actor: Actor,
  input: NewKey,
): Promise<{ key: string; record: ApiKeyRow }> {
  requirePermission(actor, 'feeds.keys');
  const region = input.regionCode ?? (actor.kind === 'user' ? actor.regionCode : null);
  if (!region) throw new AppError('VALIDATION_FAILED', '请指定部门所在的行政区划');
  requireInScope(actor, parseRegionCode(region), {
    action: 'feed_key.create',
    objectType: 'region',
    objectId: region,
  });
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, 12);
  return db.transaction(async (tx) => {
    const code = await requireKnownRegion(tx, region);
    const [record] = await tx.query<ApiKeyRow>(
      `INSERT INTO feed_api_keys (name, department, region_code, feed_types, prefix, key_hash, created_by_id,
         created_by_name) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING ${COLS}`,
      [
        input.name,
        input.department,
        code,
        [...new Set(input.feedTypes)],
        prefix,
        hashOf(key),
        actorId(actor),
        actorName(actor),
      ],
    );
    await audit(tx, db.kind, actor, {
      action: 'feed_key.create',
      objectType: 'feed_api_key',
      objectId: String(record!.id),
      regionCode: code,
      changes: { name: input.name, department: input.department, feedTypes: input.feedTypes, prefix },
    });
    return { key, record: record! };
  });
}

export async function listApiKeys(q: Queryable, actor: Actor): Promise<ApiKeyRow[]> {
  requirePermission(actor, 'feeds.keys');
  const { lo, hi } = scopeOf(actor);
  return q.query<ApiKeyRow>(
    `SELECT ${COLS} FROM feed_api_keys WHERE region_code BETWEEN $1 AND $2 ORDER BY id DESC`,
    [lo, hi],
  );
}

export async function revokeApiKey(db: Database, actor: Actor, id: number): Promise<ApiKeyRow> {
  requirePermission(actor, 'feeds.keys');
  return db.transaction(async (tx) => {
    const [k] = await tx.query<ApiKeyRow>(`SELECT ${COLS} FROM feed_api_keys WHERE id = $1 FOR UPDATE`, [id]);
    if (!k) throw new AppError('NOT_FOUND', '该密钥不存在');
    requireInScope(actor, k.region_code as RegionCode, {
      action: 'feed_key.revoke',
      objectType: 'feed_api_key',
      objectId: String(id),
    });
    if (k.revoked_at) return k;
    const [r] = await tx.query<ApiKeyRow>(
      `UPDATE feed_api_keys SET revoked_at = now(), revoked_by_name = $2 WHERE id = $1 RETURNING ${COLS}`,
      [id, actorName(actor)],
    );
    await audit(tx, db.kind, actor, {
      action: 'feed_key.revoke',
      objectType: 'feed_api_key',
      objectId: String(id),
      regionCode: k.region_code,
      changes: { prefix: k.prefix, department: k.department },
    });
    return r!;
  });
}

/** The actor a key acts as (audit rows name the key). */
export const keyActor = (k: ApiKeyRow): Actor => ({
  kind: 'system',
  name: `feed-key:${k.id}:${k.department}`,
});

/**
 * The live key for a presented `X-API-Key`, allowed to push `type`; a missing, unknown or revoked
 * key is 401 and a type the key may not push 403 — each refusal audited.
 */
export async function authenticateApiKey(
  db: Database,
  presented: string | undefined,
  type: string,
): Promise<ApiKeyRow> {
  const key = presented?.trim() ?? '';
  const refuse = async (why: string, k: ApiKeyRow | undefined, code: 'UNAUTHENTICATED' | 'FORBIDDEN') => {
    await db.transaction((tx) =>
      audit(tx, db.kind, k ? keyActor(k) : { kind: 'system', name: 'feed-key:unknown' }, {
        action: 'feed.push',
        objectType: 'feed_api_key',
        objectId: k ? String(k.id) : null,
        regionCode: k?.region_code ?? null,
        result: 'denied',
        changes: { why, feedType: type, prefix: key.slice(0, 12) || null },
      }),
    );
    throw new AppError(code, why);
  };
  if (!key.startsWith(KEY_PREFIX) || key.length > 200)
    return refuse('缺少或无效的 API 密钥（X-API-Key）', undefined, 'UNAUTHENTICATED');
  const hash = hashOf(key);
  const [k] = await db.query<ApiKeyRow>(`SELECT ${COLS} FROM feed_api_keys WHERE key_hash = $1`, [hash]);
  if (!k || !timingSafeEqual(Buffer.from(k.key_hash), Buffer.from(hash))) {
    return refuse('API 密钥无效', undefined, 'UNAUTHENTICATED');
  }
  if (k.revoked_at) return refuse('API 密钥已被吊销', k, 'UNAUTHENTICATED');
  if (!k.feed_types.includes(type)) return refuse(`该密钥无权推送“${type}”数据`, k, 'FORBIDDEN');
  await db.query('UPDATE feed_api_keys SET last_used_at = now() WHERE id = $1', [k.id]);
  return k;
}
