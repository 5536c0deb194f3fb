/**
 * Warnings on the household page's timeline (一户一条救助链): raised, visited, handled. Registered
 * with the households module's timeline when the monitoring routes load.
 */
import type { Queryable } from '../../db/types.ts';
import { registerTimelineSource, type TimelineItem } from '../households/timeline.ts';
import { ROUTE_NAMES } from './handle.ts';
import { LEVEL_ZH, WARNING_TYPES, type WarningType } from './rules/types.ts';
import type { HandlingRoute } from './schema.ts';

type Row = {
  id: number;
  type: string;
  level: 'red' | 'orange' | 'yellow';
  reason: string;
  created_at: Date;
  route: HandlingRoute | null;
  handled_at: Date | null;
  handled_by_name: string | null;
  visits: number;
};

export async function warningEvents(q: Queryable, householdId: number): Promise<TimelineItem[]> {
  const rows = await q.query<Row>(
    `SELECT w.id, w.type, w.level, w.reason, w.created_at, h.route, h.handled_at, h.handled_by_name,
       (SELECT count(*)::int FROM verification_visits v WHERE v.warning_id = w.id) AS visits
     FROM warnings w LEFT JOIN warning_handlings h ON h.warning_id = w.id
     WHERE w.household_id = $1 ORDER BY w.id`,
    [householdId],
  );
  const out: TimelineItem[] = [];
  for (const r of rows) {
    const name = WARNING_TYPES[r.type as WarningType]?.zh ?? r.type;
    out.push({
      at: new Date(r.created_at).toISOString(),
      kind: 'warning',
      title: `${LEVEL_ZH[r.level]}预警：${name}（第${r.id}号）`,
      detail: r.reason,
      actor: null,
      source: '部门数据比对',
    });
    if (r.route && r.handled_at) {
      out.push({
        at: new Date(r.handled_at).toISOString(),
        kind: 'warning',
        title: `预警第${r.id}号已处置：${ROUTE_NAMES[r.route]}`,
        detail: r.visits > 0 ? `经 ${r.visits} 次入户核查` : null,
        actor: r.handled_by_name,
        source: null,
      });
    }
  }
  return out;
}

registerTimelineSource(warningEvents);
