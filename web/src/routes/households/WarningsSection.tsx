import { Card, List, Typography } from 'antd';
import type { TimelineEntry } from '../../api/households';
import { formatDateTime } from '../../lib/format';

/**
 * 预警记录 — the place on the household page for the monitoring screens. Today it lists the warning
 * events the monitoring module adds to the household timeline (kind `warning`) and renders nothing
 * when there are none. The warnings screens may replace the body with
 * `GET /api/monitoring/households/:householdId/warnings` (levels, deadlines, verification, handling).
 */
export function WarningsSection({ timeline }: { timeline: TimelineEntry[] }) {
  const warnings = timeline.filter((t) => t.kind === 'warning');
  if (warnings.length === 0) return null;
  return (
    <Card title="预警记录" data-testid="warnings-section">
      <List
        size="small"
        dataSource={warnings}
        renderItem={(w, i) => (
          <List.Item key={`${w.at}-${i}`}>
            <div>
              <Typography.Text strong>{w.title}</Typography.Text>
              {w.detail && <div>{w.detail}</div>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(w.at)}
                {w.actor ? ` · ${w.actor}` : ''}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
