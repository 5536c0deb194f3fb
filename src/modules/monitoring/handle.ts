/**
 * 分类处置 (SPEC §6): every verified warning ends in one route, recorded with who, when, the reason or
 * decision, and what the route created.
 *
 * - `implement_policy` 落实政策: what was done, and the departments the item is pushed to.
 * - `inform_and_apply` 告知政策、启动申请、推送部门: there is no applications or referrals module yet,
 *   so the intended application and referrals are recorded on the handling (`outcome.intended`).
 * - `verify_and_terminate` 核实后按规定终止: for a death, the death is recorded through the households
 *   module (`recordDeath`: the person's categories end on that day, the household's when nobody is
 *   left); for any other warning ("possibly no longer eligible" above all) the household's categories
 *   not yet ended end today through the households module (`endCategories`: the household then stays
 *   in the monitoring pool for the pack's `monitoring.exitedMonths`). `outcome.created` lists each
 *   category ended and the monitoring window; a household with no category left to end is recorded
 *   as such (nothing ended), not refused.
 * - `case_conference` 一事一议: the county coordination mechanism's decision (county level and up).
 * - `no_action` 无需处置: with the reason.
 */
import { z } from 'zod';
import { isIsoDate, shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/types.ts';
import { type Actor, actorId } from '../access/actor.ts';
import { requireCountyOrAbove, requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { authorOf } from '../households/common.ts';
import { endCategories } from '../households/end-category.ts';
import { recordDeath } from '../households/members.ts';
import * as households from '../households/repository.ts';
import type { HandlingRoute } from './schema.ts';
import * as repo from './warning-repo.ts';
import { loadDetail, type WarningDetail, warningInScope } from './warnings.ts';

const text = (what: string) =>
  z.string().trim().min(2, `请填写${what}（至少2个字）`).max(2000, `${what}过长`);
const departments = z.array(z.string().trim().min(1).max(50)).max(20).optional();

export const handleSchema = z.discriminatedUnion(
  'route',
  [
    z.object({ route: z.literal('implement_policy'), reason: text('落实情况'), departments }),
    z.object({
      route: z.literal('inform_and_apply'),
      reason: text('告知与申请情况').optional(),
      departments,
    }),
    z.object({ route: z.literal('verify_and_terminate'), reason: text('终止理由') }),
    z.object({
      route: z.literal('case_conference'),
      decision: text('一事一议决定'),
      conferenceDate: z.string().refine((s) => isIsoDate(s), '会议日期应为 YYYY-MM-DD'),
    }),
    z.object({ route: z.literal('no_action'), reason: text('无需处置的理由') }),
  ],
  { error: () => '请选择处置方式：落实政策、告知并启动申请、核实后终止、一事一议或无需处置' },
);
export type HandleInput = z.infer<typeof handleSchema>;

export const ROUTE_NAMES: Record<HandlingRoute, string> = {
  implement_policy: '落实政策或转办责任部门',
  inform_and_apply: '告知政策、启动申请并推送部门',
  verify_and_terminate: '核实后按规定终止',
  case_conference: '一事一议',
  no_action: '无需处置',
};

const deathDateOf = (d: WarningDetail): string | null =>
  d.evidence
    .map((e) => e.facts.death_date)
    .filter((x): x is string => typeof x === 'string')
    .sort()[0] ?? null;

export async function handleWarning(
  db: Database,
  actor: Actor,
  warningId: number,
  input: HandleInput,
): Promise<WarningDetail> {
  requirePermission(actor, 'monitoring.handle');
  if (input.route === 'case_conference') requireCountyOrAbove(actor, 'warning.handle.case_conference');
  if (input.route === 'case_conference' && input.conferenceDate > shanghaiDate()) {
    throw new AppError('INVALID_DATE', '会议日期不能晚于今天');
  }
  const outcome: repo.HandlingOutcome = { created: [], intended: [] };

  // A death is recorded through the households module, in its own transaction, before the handling.
  if (input.route === 'verify_and_terminate') {
    const before = await db.transaction(async (tx) => {
      const w = await warningInScope(tx, actor, warningId, 'warning.handle');
      requireVerified(w);
      return loadDetail(tx, w);
    });
    const w = before.warning;
    if (w.type === 'death' && w.person_id !== null && before.person && before.person.death_date === null) {
      const deathDate = deathDateOf(before);
      const h = await households.findHousehold(db, w.household_id);
      if (deathDate && h && before.person.household_id === h.id) {
        await recordDeath(db, actor, h.id, w.person_id, {
          version: h.version,
          deathDate,
          reason: `核实死亡预警（第${w.id}号）：${input.reason}`,
          source: 'department_feed',
        });
        outcome.created.push({
          kind: 'death_record',
          id: w.person_id,
          description: `已登记该成员于 ${deathDate} 死亡，本人救助类别自当日终止`,
        });
      }
    } else if (w.type !== 'death') {
      outcome.created.push(...(await terminate(db, actor, w, input.reason)));
    }
  }
  if (input.route === 'inform_and_apply') {
    outcome.intended.push({
      action: 'start_application',
      description: '已告知政策与申请渠道；申请模块尚未建立，启动申请的意图记录于此',
    });
  }
  if (
    (input.route === 'inform_and_apply' || input.route === 'implement_policy') &&
    input.departments?.length
  ) {
    outcome.intended.push({
      action: 'refer_to_departments',
      description: `推送至 ${input.departments.join('、')}；转办模块尚未建立，推送意图记录于此`,
    });
  }

  return db.transaction(async (tx) => {
    const w = await warningInScope(tx, actor, warningId, 'warning.handle', true);
    requireVerified(w);
    const handling = await repo.insertHandling(tx, {
      warning_id: w.id,
      route: input.route,
      reason: 'reason' in input ? (input.reason ?? null) : null,
      decision: input.route === 'case_conference' ? input.decision : null,
      conference_date: input.route === 'case_conference' ? input.conferenceDate : null,
      departments: 'departments' in input ? (input.departments ?? null) : null,
      outcome,
      handled_by_id: actorId(actor),
      handled_by_name: authorOf(actor),
    });
    await repo.setState(tx, w.id, 'handled');
    await audit(tx, db.kind, actor, {
      action: 'warning.handle',
      objectType: 'warning',
      objectId: String(w.id),
      regionCode: w.region_code,
      changes: { state: [w.state, 'handled'], route: input.route, handlingId: handling.id, outcome },
    });
    return loadDetail(tx, (await repo.findWarning(tx, w.id))!);
  });
}

/**
 * Ends the household's categories today through the households module (its own transaction, before
 * the handling) and says what was done. Source: the verification visit 入户核查 that confirmed it.
 */
async function terminate(
  db: Database,
  actor: Actor,
  w: repo.WarningRow,
  reason: string,
): Promise<repo.HandlingOutcome['created']> {
  const h = await households.findHousehold(db, w.household_id);
  if (!h) throw new AppError('NOT_FOUND', '该预警所属的家庭不存在');
  const r = await endCategories(
    db,
    actor,
    h.id,
    {
      version: h.version,
      date: shanghaiDate(),
      reason: `核实预警（第${w.id}号）后按规定终止：${reason}`,
      source: 'home_visit',
    },
    { nothingInForce: 'skip' },
  );
  if (r.ended.length === 0) {
    return [
      {
        kind: 'no_category_in_force',
        id: h.id,
        description: '核实时该户已没有未终止的救助类别，无需终止',
      },
    ];
  }
  const created: repo.HandlingOutcome['created'] = r.ended.map((c) => ({
    kind: 'category_end',
    id: c.id,
    description: `已终止${c.categoryName}（${c.personId === null ? '全户' : '成员个人'}），终止日期 ${r.date}`,
  }));
  if (r.monitoring) {
    const m = r.monitoring;
    created.push({
      kind: 'monitoring_entry',
      id: m.id,
      description: `已纳入监测对象（退出保障），监测至 ${m.untilDate}（政策参数包 ${m.policy.id} 第${m.policy.version}版：退出后监测 ${m.months} 个月）`,
    });
  } else if (r.noMonitoringWindow) {
    const p = r.noMonitoringWindow.policy;
    created.push({
      kind: 'no_monitoring_window',
      id: h.id,
      description: `政策参数包 ${p.id} 第${p.version}版未规定退出后的监测期限，未纳入监测`,
    });
  }
  return created;
}

function requireVerified(w: repo.WarningRow): void {
  if (w.state === 'verified') return;
  const why =
    w.state === 'handled' || w.state === 'closed'
      ? '该预警已处置或已关闭'
      : '该预警尚未核实，请先入户核查并登记结论';
  throw new AppError('CONFLICT', why);
}
