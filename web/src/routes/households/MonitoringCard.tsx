import { Card, List, Tag, Typography } from 'antd';
import type { HouseholdPage } from '../../api/households';
import { formatDateTime } from '../../lib/format';

/** 监测状态: the household's entries in the monitoring pool (rejected, exited, 防止返贫, latent risk). */
export function MonitoringCard({ monitoring }: { monitoring: HouseholdPage['monitoring'] }) {
  return (
    <Card
      title="监测状态"
      extra={monitoring.active ? <Tag color="orange">监测中</Tag> : <Tag>未在监测</Tag>}
      data-testid="monitoring-card"
    >
      {monitoring.entries.length === 0 ? (
        <Typography.Text type="secondary">本户未进入过监测范围。</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={monitoring.entries}
          renderItem={(e) => (
            <List.Item key={e.id}>
              <div>
                <div>
                  {e.reasonName} {e.active ? <Tag color="orange">监测中</Tag> : <Tag>已结束</Tag>}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.fromDate} 起{e.untilDate ? `，监测至 ${e.untilDate}` : ''}
                  {e.closedAt ? `，${formatDateTime(e.closedAt)} 关闭` : ''}
                  {e.note ? `。${e.note}` : ''}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
