import { Card, Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../../api/households';
import { formatDateTime } from '../../lib/format';

const COLORS: Record<string, string> = {
  change: 'blue',
  membership: 'gray',
  category: 'green',
  monitoring: 'orange',
  warning: 'red',
};

/** A dated fact (YYYY-MM-DD) as it is; an instant in Beijing time. */
const when = (at: string) => (/^\d{4}-\d{2}-\d{2}$/.test(at) ? at : formatDateTime(at));

/** 时间线 (一户一条救助链): every event of the household, newest first, as the server orders them. */
export function HouseholdTimeline({ items }: { items: TimelineEntry[] }) {
  return (
    <Card title="时间线" data-testid="household-timeline">
      {items.length === 0 ? (
        <Typography.Text type="secondary">暂无记录</Typography.Text>
      ) : (
        <Timeline
          items={items.map((t, i) => ({
            key: `${t.at}-${i}`,
            color: COLORS[t.kind] ?? 'gray',
            title: when(t.at),
            content: (
              <div data-testid="timeline-item">
                <Typography.Text strong>{t.title}</Typography.Text>
                {t.detail && <div style={{ whiteSpace: 'pre-wrap' }}>{t.detail}</div>}
                {(t.actor || t.source) && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[t.actor, t.source && `来源：${t.source}`].filter(Boolean).join(' · ')}
                  </Typography.Text>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
