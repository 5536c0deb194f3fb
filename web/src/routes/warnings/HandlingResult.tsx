import { Alert, Card, Descriptions, List, Typography } from 'antd';
import type { Handling } from '../../api/monitoring';
import { formatDateTime } from '../../lib/format';
import { INTENDED_ACTION_LABELS } from '../../lib/monitoring-labels';

/** The recorded 分类处置: route, reason or decision, what it created and what is still to do. */
export function HandlingResult({ handling }: { handling: Handling }) {
  return (
    <Card title="处置结果" data-testid="handling-result">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label="处置方式">{handling.routeName}</Descriptions.Item>
        {handling.reason && <Descriptions.Item label="理由 / 情况">{handling.reason}</Descriptions.Item>}
        {handling.decision && <Descriptions.Item label="一事一议决定">{handling.decision}</Descriptions.Item>}
        {handling.conferenceDate && (
          <Descriptions.Item label="会议日期">{handling.conferenceDate}</Descriptions.Item>
        )}
        {handling.departments.length > 0 && (
          <Descriptions.Item label="推送部门">{handling.departments.join('、')}</Descriptions.Item>
        )}
        <Descriptions.Item label="处置人">{handling.handledBy}</Descriptions.Item>
        <Descriptions.Item label="处置时间">{formatDateTime(handling.handledAt)}</Descriptions.Item>
      </Descriptions>
      {handling.created.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>已办理</Typography.Text>}
          dataSource={handling.created}
          renderItem={(c) => <List.Item key={`${c.kind}-${c.id}`}>{c.description}</List.Item>}
        />
      )}
      {handling.intended.map((i) => (
        <Alert
          key={i.action}
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={INTENDED_ACTION_LABELS[i.action] ?? '待办'}
          description={i.description}
        />
      ))}
    </Card>
  );
}
