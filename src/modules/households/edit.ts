/**
 * Correcting a household: attributes of the household and of its members, with a required reason
 * and source, under an optimistic lock on the household's version. The second of two workers
 * editing the same household gets 409 CONFLICT naming who changed it and when; nothing is lost.
 */
import { z } from 'zod';
import { blindIndex, encryptId, type RegistryKeys } from '../../core/crypto.ts';
import { formatShanghai } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { birthDateOf, maskIdNumber, parseIdNumber, sexOf } from '../../core/id-number.ts';
import { fenToYuan, yuanToFen } from '../../core/money.ts';
import { levelOf, parseRegionCode } from '../../core/region-code.ts';
import { sqlState, UNIQUE_VIOLATION } from '../../db/db-error.ts';
import type { Database, Queryable } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requireInScope, requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { requireKnownRegion } from '../regions/service.ts';
import { recountVillages } from '../stats/service.ts';
import { authorOf, historyMeta, householdInScope } from './common.ts';
import {
  EDIT_SOURCES,
  HOUSEHOLD_COLUMNS,
  householdChangesSchema,
  PERSON_COLUMNS,
  type PersonChanges,
  personChangesSchema,
} from './fields.ts';
import { insertHistory, type NewHistory } from './history-repo.ts';
import * as repo from './repository.ts';

export const changeMetaSchema = z.object({
  /** The household version the worker saw (optimistic lock). */
  version: z.number().int().min(1),
  reason: z.string().trim().min(2, '请填写修改理由（至少2个字）').max(500, '理由过长'),
  source: z.enum(EDIT_SOURCES, { message: '请选择信息来源' }),
});

export const editSchema = changeMetaSchema.extend({
  household: householdChangesSchema
    .extend({ headPersonId: z.number().int().positive().optional() })
    .optional(),
  members: z
    .array(z.object({ personId: z.number().int().positive(), changes: personChangesSchema }))
    .max(30)
    .optional(),
});
export type EditInput = z.infer<typeof editSchema>;

/** Raises the conflict, naming who changed the household and when. */
export function conflict(h: repo.HouseholdRow): never {
  const who = h.updated_by ?? '其他人员';
  throw new AppError(
    'CONFLICT',
    `该户已由 ${who} 于 ${formatShanghai(new Date(h.updated_at))} 修改（当前为第 ${h.version} 版），您的修改未保存`,
  );
}

/** Locks the household row and checks the version the worker saw. */
export async function lockForChange(
  q: Queryable,
  actor: Actor,
  id: number,
  version: number,
  action: string,
): Promise<repo.HouseholdRow> {
  const h = await householdInScope(q, actor, id, action, true);
  if (h.version !== version) conflict(h);
  return h;
}

/** The value of a person field in its API form. */
function personValue(p: repo.PersonRow, field: keyof PersonChanges): unknown {
  if (field === 'idNumber') return p.id_mask;
  if (field === 'monthlyIncome') return fenToYuan(p.monthly_income_fen);
  return p[PERSON_COLUMNS[field]];
}

type Diff = {
  columns: Record<string, unknown>;
  history: NewHistory[];
  audit: Record<string, [unknown, unknown]>;
};

function diffPerson(
  keys: RegistryKeys,
  h: repo.HouseholdRow,
  p: repo.PersonRow,
  changes: PersonChanges,
): Diff {
  const d: Diff = { columns: {}, history: [], audit: {} };
  for (const [field, value] of Object.entries(changes) as Array<[keyof PersonChanges, unknown]>) {
    if (value === undefined) continue;
    const old = personValue(p, field);
    if (field === 'idNumber') {
      const id = parseIdNumber(String(value));
      const mask = maskIdNumber(id);
      d.columns.id_cipher = encryptId(keys, id);
      d.columns.id_index = blindIndex(keys, id);
      d.columns.id_mask = mask;
      d.columns.birth_date = birthDateOf(id);
      d.columns.sex = sexOf(id);
      d.history.push({
        householdId: h.id,
        objectType: 'person',
        objectId: p.id,
        field,
        oldValue: old,
        newValue: mask,
      });
      d.audit[`${p.id}.idNumber`] = [old, mask];
      continue;
    }
    if (old === value) continue;
    d.columns[PERSON_COLUMNS[field]] = field === 'monthlyIncome' ? yuanToFen(value as number) : value;
    d.history.push({
      householdId: h.id,
      objectType: 'person',
      objectId: p.id,
      field,
      oldValue: old,
      newValue: value,
    });
    d.audit[`${p.id}.${field}`] = [old, value];
  }
  return d;
}

export async function editHousehold(
  db: Database,
  keys: RegistryKeys,
  actor: Actor,
  id: number,
  input: EditInput,
): Promise<{ changed: number }> {
  requirePermission(actor, 'person.write');
  try {
    return await db.transaction(async (tx) => {
      const h = await lockForChange(tx, actor, id, input.version, 'household.edit');
      const history: NewHistory[] = [];
      const auditChanges: Record<string, [unknown, unknown]> = {};
      const villages = new Set<string>([h.region_code]);

      // Members first: an ID number already registered elsewhere fails before anything is written.
      for (const m of input.members ?? []) {
        const p = await repo.findPerson(tx, m.personId, true);
        if (!p || p.household_id !== h.id)
          throw new AppError('NOT_FOUND', `该户中没有编号为 ${m.personId} 的成员`);
        // An unchanged ID number is recognised by its blind index (the cipher differs every time).
        if (m.changes.idNumber !== undefined) {
          const existing = await repo.findPersonByIndex(
            tx,
            blindIndex(keys, parseIdNumber(m.changes.idNumber)),
          );
          if (existing && existing.id === p.id) delete m.changes.idNumber;
          else if (existing) throw new AppError('DUPLICATE', '该身份证号码已登记在其他人员名下');
        }
        const d = diffPerson(keys, h, p, m.changes);
        await repo.updatePerson(tx, p.id, d.columns);
        history.push(...d.history);
        Object.assign(auditChanges, d.audit);
      }

      const cols: Record<string, unknown> = {};
      const hc = input.household ?? {};
      if (hc.regionCode !== undefined && hc.regionCode !== h.region_code) {
        const code = await requireKnownRegion(tx, hc.regionCode);
        if (levelOf(parseRegionCode(code)) !== 'village') {
          throw new AppError('INVALID_REGION_CODE', '家庭应登记在村(居)一级');
        }
        requireInScope(actor, code, {
          action: 'household.edit',
          objectType: 'household',
          objectId: String(id),
        });
        cols.region_code = code;
        villages.add(code);
        await repo.setMembersRegion(tx, h.id, code);
      }
      for (const f of ['address', 'residence'] as const) {
        if (hc[f] !== undefined && hc[f] !== h[HOUSEHOLD_COLUMNS[f]]) cols[HOUSEHOLD_COLUMNS[f]] = hc[f];
      }
      for (const [col, value] of Object.entries(cols)) {
        const field = col === 'region_code' ? 'regionCode' : col;
        const old = h[col as keyof repo.HouseholdRow];
        history.push({
          householdId: h.id,
          objectType: 'household',
          objectId: h.id,
          field,
          oldValue: old,
          newValue: value,
        });
        auditChanges[field] = [old, value];
      }
      if (hc.headPersonId !== undefined && hc.headPersonId !== h.head_person_id) {
        const head = await repo.findPerson(tx, hc.headPersonId);
        if (!head || head.household_id !== h.id)
          throw new AppError('VALIDATION_FAILED', '户主须为本户现有成员');
        if (head.death_date) throw new AppError('VALIDATION_FAILED', '户主不能为已死亡人员');
        cols.head_person_id = head.id;
        history.push({
          householdId: h.id,
          objectType: 'household',
          objectId: h.id,
          field: 'head',
          oldValue: h.head_person_id,
          newValue: head.id,
        });
        auditChanges.head = [h.head_person_id, head.id];
      }

      if (history.length === 0) return { changed: 0 };
      const meta = historyMeta(actor);
      const version = await repo.updateHousehold(tx, h.id, h.version, cols, authorOf(actor));
      if (version === null) conflict((await repo.findHousehold(tx, h.id))!);
      await insertHistory(tx, history, { ...meta, source: input.source, reason: input.reason });
      await audit(tx, db.kind, actor, {
        action: 'household.edit',
        objectType: 'household',
        objectId: String(h.id),
        regionCode: (cols.region_code as string | undefined) ?? h.region_code,
        changes: { ...auditChanges, reason: input.reason, source: input.source },
      });
      if (villages.size > 1) await recountVillages(tx, villages);
      return { changed: history.length };
    });
  } catch (e) {
    if (sqlState(e) === UNIQUE_VIOLATION) throw new AppError('DUPLICATE', '该身份证号码已登记在其他人员名下');
    throw e;
  }
}
