/**
 * Ending a household's assistance categories 终止救助类别 (SPEC §4.3 exit; §6 "possibly no longer
 * eligible → verify, and terminate under the rules"). The assignments not yet ended — all of them,
 * or the ones named — end on the given date with the reason. When the household then has no
 * category left in force it has exited, and stays in the monitoring pool for the pack's
 * `monitoring.exitedMonths` (an `exited` monitoring entry; the pack in force for the household's
 * village on the end date, never a number written here).
 *
 * One transaction under the optimistic lock on the household's version (409 naming who changed it),
 * with attribute history (source and reason), audit and the village's statistics recounted. Town
 * workers and county admins only (`category.end`): ending assistance is the town's decision.
 */
import { z } from 'zod';
import { addMonths, isIsoDate, parseIsoDate, shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/types.ts';
import type { Actor } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { policyResolver } from '../policies/service.ts';
import { recountVillages } from '../stats/service.ts';
import { authorOf, historyMeta } from './common.ts';
import { conflict, lockForChange } from './edit.ts';
import { CATEGORY_LABELS, EDIT_SOURCES } from './fields.ts';
import { insertHistory, type NewHistory } from './history-repo.ts';
import { currentCategories } from './page.ts';
import * as repo from './repository.ts';
import type { Category } from './schema.ts';

export const endCategoriesSchema = z.object({
  /** The household version the worker saw (optimistic lock). */
  version: z.number().int().min(1),
  /** The day the categories end (their `to_date`); not after today. */
  date: z.string().refine((s) => isIsoDate(s), '终止日期应为 YYYY-MM-DD'),
  reason: z.string().trim().min(2, '请填写终止理由（至少2个字）').max(500, '终止理由过长'),
  source: z.enum(EDIT_SOURCES, { message: '请选择信息来源' }),
  /** The assignments to end (ids from the household page); all not yet ended when omitted. */
  categoryIds: z
    .array(z.number().int().positive())
    .min(1, '请至少选择一个救助类别')
    .max(50, '选择的救助类别过多')
    .optional(),
});
export type EndCategoriesInput = z.infer<typeof endCategoriesSchema>;

export type EndedCategories = {
  householdId: number;
  date: string;
  /** The assignments ended (empty only with `nothingInForce: 'skip'`). */
  ended: Array<{ id: number; category: Category; categoryName: string; personId: number | null }>;
  /** The `exited` monitoring entry, when the household has no category left in force. */
  monitoring: {
    id: number;
    untilDate: string;
    months: number;
    policy: { id: string; version: number };
  } | null;
  /** Set when the household exited but the pack gives no monitoring window (exitedMonths = 0). */
  noMonitoringWindow: { policy: { id: string; version: number } } | null;
  /** The household version after the change. */
  version: number;
};

export type EndCategoriesOptions = {
  /**
   * What to do when the household has no category to end: `error` (the default, 400) or `skip`
   * (answer with nothing ended and change nothing — a verified warning on a household that has
   * already exited).
   */
  nothingInForce?: 'error' | 'skip';
};

export async function endCategories(
  db: Database,
  actor: Actor,
  householdId: number,
  input: EndCategoriesInput,
  opts: EndCategoriesOptions = {},
): Promise<EndedCategories> {
  requirePermission(actor, 'category.end');
  const date = parseIsoDate(input.date);
  if (date > shanghaiDate()) throw new AppError('INVALID_DATE', '终止日期不能晚于今天');
  // The catalog is read outside the transaction (it is cached per database handle).
  const packFor = await policyResolver(db);
  return db.transaction(async (tx) => {
    const h = await lockForChange(tx, actor, householdId, input.version, 'household.end_categories');
    const all = await repo.categoriesOf(tx, h.id);
    const open = all.filter((c) => c.status !== 'ended');
    let chosen: repo.CategoryRow[] = open;
    if (input.categoryIds) {
      const byId = new Map(open.map((c) => [c.id, c]));
      chosen = [...new Set(input.categoryIds)].map((id) => {
        const c = byId.get(id);
        if (!c) throw new AppError('VALIDATION_FAILED', `该户没有编号为 ${id} 的未终止救助类别`);
        return c;
      });
    }
    if (chosen.length === 0) {
      if (opts.nothingInForce === 'skip') {
        return {
          householdId: h.id,
          date,
          ended: [],
          monitoring: null,
          noMonitoringWindow: null,
          version: h.version,
        };
      }
      throw new AppError('VALIDATION_FAILED', '该户没有未终止的救助类别，无需终止');
    }
    for (const c of chosen) {
      if (date < c.from_date) {
        throw new AppError(
          'INVALID_DATE',
          `终止日期早于${CATEGORY_LABELS[c.category]}的起始日期 ${c.from_date}`,
        );
      }
    }

    const ended = await repo.endCategoriesById(
      tx,
      chosen.map((c) => c.id),
      date,
      input.reason,
    );
    const endedIds = new Set(ended.map((c) => c.id));
    const remaining = currentCategories(all.filter((c) => !endedIds.has(c.id)));

    // Exited: no category left in force → the monitoring window of the pack in force there and then.
    let monitoring: EndedCategories['monitoring'] = null;
    let noMonitoringWindow: EndedCategories['noMonitoringWindow'] = null;
    let entry: repo.MonitoringRow | null = null;
    if (remaining.length === 0) {
      const pack = packFor(h.region_code, date);
      const policy = { id: pack.id, version: pack.version };
      const months = pack.monitoring.exitedMonths;
      const names = [...new Set(ended.map((c) => CATEGORY_LABELS[c.category]))].join('、');
      if (months > 0) {
        entry = await repo.insertMonitoring(tx, {
          household_id: h.id,
          reason: 'exited',
          from_date: date,
          until_date: addMonths(date, months),
          note: `退出${names}，按政策参数包 ${pack.id} 第${pack.version}版退出后监测 ${months} 个月`,
          source: input.source,
        });
        monitoring = { id: entry.id, untilDate: entry.until_date!, months, policy };
      } else {
        noMonitoringWindow = { policy };
      }
    }

    const author = authorOf(actor);
    const version = await repo.updateHousehold(tx, h.id, h.version, {}, author);
    if (version === null) conflict(h);
    const history: NewHistory[] = ended.map((c) => ({
      householdId: h.id,
      objectType: 'category',
      objectId: c.id,
      field: 'category',
      oldValue: c.category,
      newValue: null,
    }));
    if (entry) {
      history.push({
        householdId: h.id,
        objectType: 'monitoring',
        objectId: entry.id,
        field: 'monitoring',
        oldValue: null,
        newValue: entry.reason,
      });
    }
    await insertHistory(tx, history, { ...historyMeta(actor), source: input.source, reason: input.reason });
    await audit(tx, db.kind, actor, {
      action: 'household.end_categories',
      objectType: 'household',
      objectId: String(h.id),
      regionCode: h.region_code,
      changes: {
        endedCategories: ended.map((c) => ({ id: c.id, category: c.category, personId: c.person_id })),
        date,
        monitoring: monitoring
          ? { reason: 'exited', untilDate: monitoring.untilDate, months: monitoring.months }
          : null,
        policy: monitoring?.policy ?? noMonitoringWindow?.policy ?? null,
        reason: input.reason,
        source: input.source,
      },
    });
    await recountVillages(tx, [h.region_code]);
    return {
      householdId: h.id,
      date,
      ended: ended.map((c) => ({
        id: c.id,
        category: c.category,
        categoryName: CATEGORY_LABELS[c.category],
        personId: c.person_id,
      })),
      monitoring,
      noMonitoringWindow,
      version,
    };
  });
}
