import { Card, Descriptions, Empty, Tag, Timeline, Typography } from 'antd';
import type { Task, Visit } from '../../api/monitoring';
import { formatDateTime } from '../../lib/format';

const RESULT_COLORS: Record<string, string> = { confirmed: 'red', not_confirmed: 'green', follow_up: 'blue' };

/** The verification task (限时核查) and the home visits recorded on it, oldest first. */
export function TaskCard({
  task,
  visits,
  overdue,
}: {
  task: Task | null;
  visits: Visit[];
  overdue: boolean;
}) {
  return (
    <Card title="核查任务与入户记录" data-testid="task-card">
      {task ? (
        <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="任务状态">
            {task.status === 'done' ? <Tag color="green">已完成</Tag> : <Tag color="blue">待核查</Tag>}
            {task.status === 'pending' && overdue && <Tag color="error">逾期</Tag>}
            {task.escalated && <Tag color="volcano">已上报县级</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="完成期限">{task.dueDate}</Descriptions.Item>
          {task.escalatedAt && (
            <Descriptions.Item label="上报时间">{formatDateTime(task.escalatedAt)}</Descriptions.Item>
          )}
          {task.completedAt && (
            <Descriptions.Item label="完成时间">{formatDateTime(task.completedAt)}</Descriptions.Item>
          )}
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary">该预警没有核查任务。</Typography.Paragraph>
      )}
      {visits.length === 0 ? (
        <Empty description="尚无入户核查记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          data-testid="visits"
          items={visits.map((v) => ({
            key: v.id,
            color: RESULT_COLORS[v.result] ?? 'gray',
            content: (
              <div>
                <Typography.Text strong>
                  {v.visitedOn} 入户核查 · <Tag color={RESULT_COLORS[v.result]}>{v.resultName}</Tag>
                </Typography.Text>
                <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>
                  {v.findings}
                </Typography.Paragraph>
                {v.photoNotes && (
                  <Typography.Paragraph type="secondary" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                    照片说明：{v.photoNotes}
                  </Typography.Paragraph>
                )}
                <Typography.Paragraph style={{ margin: '4px 0' }} data-testid="visit-visitors">
                  核查人员：{v.visitors.join('、')}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.visitorName} 登记于 {formatDateTime(v.recordedAt)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
