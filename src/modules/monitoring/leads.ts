/**
 * 主动发现线索: people not in the database who appeared in a lead-worthy feed. Listed for the region
 * the lead belongs to — its village or town when a row tells it, else the county of the ID number,
 * where a county worker passes it on to a town (`regionCode`). Names are shown by role; the full
 * ID number only through the audited reveal.
 */
import { z } from 'zod';
import { decryptId, type RegistryKeys } from '../../core/crypto.ts';
import { AppError } from '../../core/errors.ts';
import { parseRegionCode, type RegionCode } from '../../core/region-code.ts';
import type { Database, Queryable } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { rangeOf, requireInScope, requirePermission, scopeOf } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { authorOf } from '../households/common.ts';
import { requireKnownRegion } from '../regions/service.ts';
import { FEED_TYPES } from './feeds/feed-types.ts';
import { LEAD_STATUSES } from './schema.ts';

export type LeadRow = {
  id: number;
  id_mask: string;
  name: string;
  region_code: string | null;
  feed_types: string[];
  rows: number;
  status: (typeof LEAD_STATUSES)[number];
  note: string | null;
  person_id: number | null;
  first_seen_at: Date;
  last_seen_at: Date;
  updated_at: Date;
  updated_by: string | null;
};

const COLS = `id, id_mask, name, region_code, feed_types, rows, status, note, person_id, first_seen_at, last_seen_at,
  updated_at, updated_by`;

export const leadQuerySchema = z.object({
  region: z
    .string()
    .regex(/^\d{2,12}$/, '行政区划代码应为数字')
    .optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  feedType: z.enum(FEED_TYPES as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type LeadQuery = z.infer<typeof leadQuerySchema>;

export async function listLeads(
  db: Database,
  actor: Actor,
  query: LeadQuery,
): Promise<{ rows: LeadRow[]; total: number; regionNames: Map<string, string> }> {
  requirePermission(actor, 'monitoring.read');
  let range = scopeOf(actor) as { lo: string; hi: string };
  let code: string | null = actor.kind === 'user' ? actor.regionCode : null;
  if (query.region) {
    code = parseRegionCode(query.region);
    requireInScope(actor, code as RegionCode, { action: 'lead.list', objectType: 'region', objectId: code });
    range = rangeOf(code as RegionCode);
  }
  return db.transaction(async (tx) => {
    const cond = `region_code BETWEEN $1 AND $2 AND ($3::text IS NULL OR status = $3)
      AND ($4::text IS NULL OR $4 = ANY(feed_types))`;
    const params = [range.lo, range.hi, query.status ?? null, query.feedType ?? null];
    const rows = await tx.query<LeadRow>(
      `SELECT ${COLS} FROM monitoring_leads WHERE ${cond}
       ORDER BY (status = 'open') DESC, last_seen_at DESC, id DESC LIMIT $5 OFFSET $6`,
      [...params, query.limit, query.offset],
    );
    const [c] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM monitoring_leads WHERE ${cond}`,
      params,
    );
    await audit(tx, db.kind, actor, {
      action: 'lead.list',
      objectType: 'lead',
      regionCode: code,
      changes: { filters: { ...query, region: code }, returned: rows.length },
    });
    const codes = [...new Set(rows.flatMap((r) => (r.region_code ? [r.region_code] : [])))];
    const names = codes.length
      ? await tx.query<{ code: string; name: string }>(
          'SELECT code, name FROM regions WHERE code = ANY($1::bpchar[])',
          [codes],
        )
      : [];
    return { rows, total: c!.n, regionNames: new Map(names.map((n) => [n.code, n.name])) };
  });
}

async function leadInScope(
  q: Queryable,
  actor: Actor,
  id: number,
  action: string,
  lock = false,
): Promise<LeadRow & { id_cipher: Uint8Array }> {
  const [l] = await q.query<LeadRow & { id_cipher: Uint8Array }>(
    `SELECT ${COLS}, id_cipher FROM monitoring_leads WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  // A lead without a known region belongs to no staff subtree.
  if (!l || (l.region_code === null && actor.kind === 'user'))
    throw new AppError('NOT_FOUND', '该线索不存在');
  if (l.region_code)
    requireInScope(actor, l.region_code as RegionCode, { action, objectType: 'lead', objectId: String(id) });
  return l;
}

export const leadUpdateSchema = z
  .object({
    status: z.enum(['open', 'contacted', 'applied', 'dismissed']).optional(),
    note: z.string().trim().max(2000, '备注过长').optional(),
    /** Pass the lead on to a town or village inside the caller's subtree. */
    regionCode: z
      .string()
      .regex(/^\d{12}$/, '行政区划代码应为12位数字')
      .optional(),
  })
  .refine((v) => v.status !== undefined || v.note !== undefined || v.regionCode !== undefined, {
    message: '请填写要修改的内容',
  });
export type LeadUpdate = z.infer<typeof leadUpdateSchema>;

export async function updateLead(
  db: Database,
  actor: Actor,
  id: number,
  input: LeadUpdate,
): Promise<LeadRow> {
  requirePermission(actor, 'monitoring.verify');
  return db.transaction(async (tx) => {
    const l = await leadInScope(tx, actor, id, 'lead.update', true);
    let region = l.region_code;
    if (input.regionCode !== undefined && input.regionCode !== l.region_code) {
      const code = await requireKnownRegion(tx, input.regionCode);
      requireInScope(actor, code, { action: 'lead.update', objectType: 'region', objectId: code });
      region = code;
    }
    const [r] = await tx.query<LeadRow>(
      `UPDATE monitoring_leads SET status = coalesce($2, status), note = coalesce($3, note), region_code = $4,
         updated_at = now(), updated_by = $5 WHERE id = $1 RETURNING ${COLS}`,
      [id, input.status ?? null, input.note ?? null, region, authorOf(actor)],
    );
    await audit(tx, db.kind, actor, {
      action: 'lead.update',
      objectType: 'lead',
      objectId: String(id),
      regionCode: region,
      changes: {
        ...(input.status ? { status: [l.status, input.status] } : {}),
        ...(region !== l.region_code ? { regionCode: [l.region_code, region] } : {}),
        ...(input.note !== undefined ? { note: true } : {}),
      },
    });
    return r!;
  });
}

export const revealSchema = z.object({
  reason: z.string().trim().min(2, '请填写查看理由（至少2个字）').max(500),
});

/** The lead's full ID number (to contact the person), for roles allowed to see it; audited. */
export async function revealLeadId(
  db: Database,
  keys: RegistryKeys,
  actor: Actor,
  id: number,
  reason: string,
): Promise<{ idNumber: string }> {
  requirePermission(actor, 'person.reveal_id');
  return db.transaction(async (tx) => {
    const l = await leadInScope(tx, actor, id, 'lead.reveal_id');
    await audit(tx, db.kind, actor, {
      action: 'lead.reveal_id',
      objectType: 'lead',
      objectId: String(id),
      regionCode: l.region_code,
      changes: { reason },
    });
    return { idNumber: decryptId(keys, l.id_cipher) };
  });
}
