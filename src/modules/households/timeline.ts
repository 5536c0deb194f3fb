/**
 * The household's timeline: attribute changes, people joining and leaving, categories starting and
 * ending, monitoring. Later modules (applications, warnings, referrals, payments) add their events
 * with `registerTimelineSource`, so the household page shows one chain without knowing them.
 */
import type { Queryable } from '../../db/types.ts';
import { CATEGORY_LABELS, displayValue, FIELD_LABELS, MONITORING_LABELS, SOURCE_LABELS } from './fields.ts';
import type { HistoryRow } from './history-repo.ts';
import type { CategoryRow, MembershipRow, MonitoringRow } from './repository.ts';

export type TimelineItem = {
  /** ISO instant, or a YYYY-MM-DD date for dated facts. */
  at: string;
  kind: string;
  title: string;
  detail: string | null;
  actor: string | null;
  source: string | null;
};

export type TimelineSource = (q: Queryable, householdId: number) => Promise<TimelineItem[]>;

const sources: TimelineSource[] = [];

/** Adds events of another module to every household timeline. */
export function registerTimelineSource(source: TimelineSource): void {
  sources.push(source);
}

export async function externalEvents(q: Queryable, householdId: number): Promise<TimelineItem[]> {
  const out: TimelineItem[] = [];
  for (const s of sources) out.push(...(await s(q, householdId)));
  return out;
}

/** Titles of history entries about an object other than a person. */
const OBJECT_TITLES: Partial<Record<HistoryRow['object_type'], string>> = {
  category: '救助类别变更',
  monitoring: '监测状态变更',
};

export function buildTimeline(input: {
  history: readonly HistoryRow[];
  memberships: readonly MembershipRow[];
  categories: readonly CategoryRow[];
  monitoring: readonly MonitoringRow[];
  nameOf: (personId: number | null) => string | null;
  external: readonly TimelineItem[];
}): TimelineItem[] {
  const out: TimelineItem[] = [];
  // Changes made in one edit share a time; shown as one entry per object.
  const groups = new Map<string, HistoryRow[]>();
  for (const h of input.history) {
    const key = `${new Date(h.at).toISOString()}|${h.object_type}|${h.object_id}|${h.reason}`;
    const g = groups.get(key);
    if (g) g.push(h);
    else groups.set(key, [h]);
  }
  for (const rows of groups.values()) {
    const h = rows[0]!;
    const who = h.object_type === 'person' ? input.nameOf(h.object_id) : null;
    const what = rows
      .map(
        (r) =>
          `${FIELD_LABELS[r.field] ?? r.field}：${displayValue(r.field, r.old_value)} → ${displayValue(r.field, r.new_value)}`,
      )
      .join('；');
    out.push({
      at: new Date(h.at).toISOString(),
      kind: 'change',
      title: who ? `修改成员 ${who} 的信息` : (OBJECT_TITLES[h.object_type] ?? '修改家庭信息'),
      detail: `${what}。理由：${h.reason}`,
      actor: h.actor_name,
      source: SOURCE_LABELS[h.source] ?? h.source,
    });
  }
  for (const m of input.memberships) {
    const who = input.nameOf(m.person_id) ?? '成员';
    out.push({
      at: m.from_date,
      kind: 'membership',
      title: `${who} 加入本户`,
      detail: null,
      actor: null,
      source: null,
    });
    if (m.to_date) {
      out.push({
        at: m.to_date,
        kind: 'membership',
        title: `${who} 离开本户`,
        detail: m.reason,
        actor: null,
        source: null,
      });
    }
  }
  for (const c of input.categories) {
    const who = c.person_id ? input.nameOf(c.person_id) : null;
    const label = `${CATEGORY_LABELS[c.category]}${who ? `（${who}）` : ''}`;
    // Ending an assignment replaces its reason with the reason it ended: that one belongs to 退出.
    out.push({
      at: c.from_date,
      kind: 'category',
      title: `纳入${label}`,
      detail: c.policy_id ? `政策参数包 ${c.policy_id} 第${c.policy_version}版` : c.to_date ? null : c.reason,
      actor: null,
      source: SOURCE_LABELS[c.source],
    });
    if (c.to_date) {
      out.push({
        at: c.to_date,
        kind: 'category',
        title: `退出${label}`,
        detail: c.reason,
        actor: null,
        source: null,
      });
    }
  }
  for (const m of input.monitoring) {
    out.push({
      at: m.from_date,
      kind: 'monitoring',
      title: `纳入监测（${MONITORING_LABELS[m.reason]}）`,
      detail: m.until_date ? `监测至 ${m.until_date}` : m.note,
      actor: null,
      source: SOURCE_LABELS[m.source],
    });
  }
  out.push(...input.external);
  return out.sort((a, b) => {
    const ka = sortKey(a.at);
    const kb = sortKey(b.at);
    return ka < kb ? 1 : ka > kb ? -1 : 0;
  });
}

/**
 * Dated facts (YYYY-MM-DD, a Shanghai calendar day) sort as the start of that day in Shanghai, so
 * they order correctly against UTC instants: an edit at 05:00 Beijing time on the 23rd is
 * 2026-11-22T21:00Z, and must come after a move dated the 23rd only if it happened later that day.
 */
export function sortKey(at: string): string {
  return at.length === 10 ? new Date(`${at}T00:00:00+08:00`).toISOString() : at;
}
