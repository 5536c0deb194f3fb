/**
 * 线下核查 (铁脚板): recording a home visit on a warning's task. The result moves the warning on:
 * confirmed → verified (to be handled), not confirmed → closed, follow-up needed → verifying.
 * The visit names the people who went (核查人员, at least one); the signed-in user who submits the
 * form is recorded as well, as the one who entered it.
 */
import { z } from 'zod';
import { isIsoDate, shanghaiDate } from '../../core/dates.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/types.ts';
import { type Actor, actorId } from '../access/actor.ts';
import { requirePermission } from '../access/index.ts';
import { audit } from '../audit/service.ts';
import { authorOf } from '../households/common.ts';
import { VISIT_RESULTS, type WarningState } from './schema.ts';
import * as repo from './warning-repo.ts';
import { loadDetail, type WarningDetail, warningInScope } from './warnings.ts';

/** One visitor's name: spaces trimmed and runs of spaces collapsed. */
const visitorName = z
  .string({ error: '核查人员姓名应为文字' })
  .trim()
  .overwrite((s) => s.replace(/\s+/g, ' '))
  .min(1, '核查人员姓名不能为空')
  .max(50, '核查人员姓名过长（不超过50字）');

export const MAX_VISITORS = 10;

export const visitSchema = z.object({
  visitedOn: z.string().refine((s) => isIsoDate(s), '核查日期应为 YYYY-MM-DD'),
  /** 核查人员: everyone who went on the visit, at least one. */
  visitors: z
    .array(visitorName, { error: '请填写核查人员（至少一人）' })
    .min(1, '请填写核查人员（至少一人）')
    .max(MAX_VISITORS, `核查人员不超过${MAX_VISITORS}人`)
    .refine((names) => new Set(names).size === names.length, '核查人员姓名重复'),
  findings: z.string().trim().min(2, '请填写核查情况（至少2个字）').max(4000, '核查情况过长'),
  /** Photos described in words (what was photographed, where the prints are filed). */
  photoNotes: z.string().trim().max(2000, '照片说明过长').optional(),
  result: z.enum(VISIT_RESULTS, { message: '请选择核查结论：属实、不属实或需再次核查' }),
});
export type VisitInput = z.infer<typeof visitSchema>;

const NEXT_STATE: Record<VisitInput['result'], WarningState> = {
  confirmed: 'verified',
  not_confirmed: 'closed',
  follow_up: 'verifying',
};

export async function recordVisit(
  db: Database,
  actor: Actor,
  warningId: number,
  input: VisitInput,
): Promise<WarningDetail> {
  requirePermission(actor, 'monitoring.verify');
  if (input.visitedOn > shanghaiDate()) throw new AppError('INVALID_DATE', '核查日期不能晚于今天');
  return db.transaction(async (tx) => {
    const w = await warningInScope(tx, actor, warningId, 'warning.visit', true);
    if (w.state !== 'open' && w.state !== 'verifying') {
      throw new AppError('CONFLICT', '该预警已核查完毕，不能再登记核查记录');
    }
    const task = await repo.taskOfWarning(tx, w.id);
    if (!task) throw new AppError('NOT_FOUND', '该预警没有核查任务');
    const visit = await repo.insertVisit(tx, {
      task_id: task.id,
      warning_id: w.id,
      visited_on: input.visitedOn,
      visitor_id: actorId(actor),
      visitor_name: authorOf(actor),
      visitors: input.visitors,
      findings: input.findings,
      photo_notes: input.photoNotes ?? null,
      result: input.result,
    });
    const state = NEXT_STATE[input.result];
    await repo.setState(tx, w.id, state);
    if (state !== 'verifying') await repo.completeTask(tx, task.id);
    await audit(tx, db.kind, actor, {
      action: 'warning.visit',
      objectType: 'warning',
      objectId: String(w.id),
      regionCode: w.region_code,
      changes: {
        state: [w.state, state],
        visitId: visit.id,
        result: input.result,
        visitedOn: input.visitedOn,
        visitors: input.visitors,
      },
    });
    return loadDetail(tx, (await repo.findWarning(tx, w.id))!);
  });
}
