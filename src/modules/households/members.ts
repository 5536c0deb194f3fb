/**
 * Membership changes: moving a person to another household (or to a new one, 分户), and recording a
 * death. Both lock the households involved (optimistic lock on the versions the worker saw), write
 * the history under each household, audit, and recount the villages' statistics.
 */
import { z } from 'zod';
import { type IsoDate, parseIsoDate, shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import { levelOf, parseRegionCode } from '../../core/region-code.ts';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requireInScope, requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { requireKnownRegion } from '../regions/service.ts';
import { recountVillages } from '../stats/service.ts';
import { authorOf, historyMeta, memberOf } from './common.ts';
import { changeMetaSchema, conflict, lockForChange } from './edit.ts';
import { insertHistory } from './history-repo.ts';
import * as repo from './repository.ts';
import { RELATIONS, RESIDENCES } from './schema.ts';

const isoDate = z.string().refine((s) => {
  try {
    parseIsoDate(s);
    return true;
  } catch {
    return false;
  }
}, '日期应为 YYYY-MM-DD');

export const moveSchema = changeMetaSchema.extend({
  /** Move into this existing household … */
  toHouseholdId: z.number().int().positive().optional(),
  /** … whose version the worker saw, */
  toVersion: z.number().int().min(1).optional(),
  /** … or into a new household (分户). */
  newHousehold: z
    .object({
      regionCode: z.string().regex(/^\d{12}$/, '所在村(居)应为12位行政区划代码'),
      address: z.string().trim().min(1, '请填写家庭住址').max(200),
      residence: z.enum(RESIDENCES).optional(),
    })
    .optional(),
  relation: z.enum(RELATIONS, { message: '与户主关系无效' }),
  date: isoDate.optional(),
});
export type MoveInput = z.infer<typeof moveSchema>;

export async function moveMember(
  db: Database,
  actor: Actor,
  fromHouseholdId: number,
  personId: number,
  input: MoveInput,
): Promise<{ toHouseholdId: number }> {
  requirePermission(actor, 'person.write');
  if (!input.toHouseholdId === !input.newHousehold) {
    throw new AppError('VALIDATION_FAILED', '请指定迁入的家庭，或新建一户（二者选一）');
  }
  const date: IsoDate = input.date ? parseIsoDate(input.date) : shanghaiDate();
  return db.transaction(async (tx) => {
    // Lock in id order so two opposite moves cannot deadlock.
    const ids = [fromHouseholdId, input.toHouseholdId ?? 0].filter((x) => x > 0).sort((a, b) => a - b);
    const locked = new Map<number, repo.HouseholdRow>();
    for (const hid of ids) {
      const version = hid === fromHouseholdId ? input.version : input.toVersion;
      if (hid !== fromHouseholdId && version === undefined) {
        throw new AppError('VALIDATION_FAILED', '请提供迁入家庭的版本号');
      }
      locked.set(hid, await lockForChange(tx, actor, hid, version!, 'household.move_member'));
    }
    if (input.toHouseholdId === fromHouseholdId)
      throw new AppError('VALIDATION_FAILED', '迁入家庭与原家庭相同');
    const from = locked.get(fromHouseholdId)!;
    const person = await memberOf(tx, from, personId, true);
    if (person.death_date) throw new AppError('VALIDATION_FAILED', '已死亡人员不能迁移');

    let to: repo.HouseholdRow;
    const author = authorOf(actor);
    if (input.newHousehold) {
      const code = await requireKnownRegion(tx, input.newHousehold.regionCode);
      if (levelOf(parseRegionCode(code)) !== 'village')
        throw new AppError('INVALID_REGION_CODE', '家庭应登记在村(居)一级');
      requireInScope(actor, code, { action: 'household.move_member', objectType: 'region', objectId: code });
      to = await repo.insertHousehold(tx, {
        household_no: await repo.nextHouseholdNo(tx, code),
        region_code: code,
        residence: input.newHousehold.residence ?? (Number(code.slice(9)) < 200 ? 'urban' : 'rural'),
        address: input.newHousehold.address,
        source: input.source,
        updated_by: author,
      });
    } else {
      to = locked.get(input.toHouseholdId!)!;
    }

    await repo.closeMembership(tx, person.id, date, `迁往 ${to.household_no}：${input.reason}`);
    await repo.openMembership(tx, {
      personId: person.id,
      householdId: to.id,
      relation: input.relation,
      fromDate: date,
      reason: `自 ${from.household_no} 迁入：${input.reason}`,
    });
    await repo.updatePerson(tx, person.id, {
      household_id: to.id,
      region_code: to.region_code,
      relation: input.relation,
    });

    const fromCols: Record<string, unknown> = {};
    if (from.head_person_id === person.id) fromCols.head_person_id = null;
    const toCols: Record<string, unknown> = {};
    if (input.relation === 'head' || to.head_person_id === null) toCols.head_person_id = person.id;
    if ((await repo.updateHousehold(tx, from.id, from.version, fromCols, author)) === null) conflict(from);
    if (input.newHousehold) {
      await repo.updateHousehold(tx, to.id, to.version, toCols, author);
    } else if ((await repo.updateHousehold(tx, to.id, to.version, toCols, author)) === null) {
      conflict(to);
    }

    const meta = { ...historyMeta(actor), source: input.source, reason: input.reason };
    const move = { oldValue: from.household_no, newValue: to.household_no };
    await insertHistory(
      tx,
      [
        { householdId: from.id, objectType: 'person', objectId: person.id, field: 'household', ...move },
        { householdId: to.id, objectType: 'person', objectId: person.id, field: 'household', ...move },
        ...(person.relation !== input.relation
          ? [
              {
                householdId: to.id,
                objectType: 'person' as const,
                objectId: person.id,
                field: 'relation',
                oldValue: person.relation,
                newValue: input.relation,
              },
            ]
          : []),
        ...(fromCols.head_person_id === null
          ? [
              {
                householdId: from.id,
                objectType: 'household' as const,
                objectId: from.id,
                field: 'head',
                oldValue: person.id,
                newValue: null,
              },
            ]
          : []),
      ],
      meta,
    );
    await audit(tx, db.kind, actor, {
      action: 'household.move_member',
      objectType: 'person',
      objectId: String(person.id),
      regionCode: to.region_code,
      changes: {
        household: [from.household_no, to.household_no],
        reason: input.reason,
        source: input.source,
      },
    });
    await recountVillages(tx, [from.region_code, to.region_code]);
    return { toHouseholdId: to.id };
  });
}

export const deathSchema = changeMetaSchema.extend({ deathDate: isoDate });
export type DeathInput = z.infer<typeof deathSchema>;

/**
 * Records a death: the person stays listed (marked deceased) but leaves the counts; their own
 * categories end on the date; when no living member is left, the household's categories end too.
 */
export async function recordDeath(
  db: Database,
  actor: Actor,
  householdId: number,
  personId: number,
  input: DeathInput,
): Promise<void> {
  requirePermission(actor, 'person.write');
  const date = parseIsoDate(input.deathDate);
  if (date > shanghaiDate()) throw new AppError('INVALID_DATE', '死亡日期不能晚于今天');
  await db.transaction(async (tx) => {
    const h = await lockForChange(tx, actor, householdId, input.version, 'household.record_death');
    const p = await memberOf(tx, h, personId, true);
    if (p.death_date) throw new AppError('VALIDATION_FAILED', `已于 ${p.death_date} 登记死亡`);
    if (date < p.birth_date) throw new AppError('INVALID_DATE', '死亡日期早于出生日期');
    await repo.updatePerson(tx, p.id, { death_date: date });
    const ended = await repo.endPersonCategories(tx, p.id, date, '本人死亡');
    const members = await repo.membersOf(tx, h.id);
    const living = members.filter((m) => m.death_date === null && m.id !== p.id);
    const endedHousehold =
      living.length === 0 ? await repo.endHouseholdCategories(tx, h.id, date, '家庭成员均已死亡') : [];
    const author = authorOf(actor);
    if ((await repo.updateHousehold(tx, h.id, h.version, {}, author)) === null) conflict(h);
    await insertHistory(
      tx,
      [
        {
          householdId: h.id,
          objectType: 'person',
          objectId: p.id,
          field: 'deathDate',
          oldValue: null,
          newValue: date,
        },
        ...[...ended, ...endedHousehold].map((c) => ({
          householdId: h.id,
          objectType: 'category' as const,
          objectId: c.id,
          field: 'category',
          oldValue: c.category,
          newValue: null,
        })),
      ],
      { ...historyMeta(actor), source: input.source, reason: input.reason },
    );
    await audit(tx, db.kind, actor, {
      action: 'household.record_death',
      objectType: 'person',
      objectId: String(p.id),
      regionCode: h.region_code,
      changes: {
        deathDate: [null, date],
        endedCategories: [...ended, ...endedHousehold].map((c) => c.category),
        reason: input.reason,
        source: input.source,
      },
    });
    await recountVillages(tx, [h.region_code]);
  });
}
