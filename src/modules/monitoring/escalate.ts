/**
 * 逾期督办: verification tasks still pending after their deadline are escalated to the county — the
 * task and its warning are flagged `escalated` (the county sees its towns' tasks in any case; the
 * flag puts them on its board). Runs at the end of every monitoring run.
 */
import type { Database, Queryable } from '../../db/types.ts';
import { audit } from '../audit/service.ts';

/** Escalates tasks due before `today`; returns how many. Call inside a transaction. */
export async function escalateOverdue(tx: Queryable, kind: Database['kind'], today: string): Promise<number> {
  const [r] = await tx.query<{ n: number; regions: string[] | null }>(
    `WITH t AS (
       UPDATE verification_tasks SET escalated = true, escalated_at = now()
       WHERE status = 'pending' AND NOT escalated AND due_date < $1
       RETURNING warning_id, region_code
     ),
     w AS (
       UPDATE warnings SET escalated = true, updated_at = now() FROM t WHERE warnings.id = t.warning_id RETURNING warnings.id
     )
     SELECT (SELECT count(*) FROM w)::int AS n,
            (SELECT array_agg(DISTINCT left(region_code, 6)) FROM t) AS regions`,
    [today],
  );
  const n = r!.n;
  if (n > 0) {
    await audit(
      tx,
      kind,
      { kind: 'system', name: 'monitoring' },
      {
        action: 'monitoring.escalate',
        objectType: 'verification_task',
        changes: { escalated: n, counties: r!.regions ?? [], before: today },
      },
    );
  }
  return n;
}
