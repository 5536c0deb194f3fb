import { Card, Descriptions, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { WarningDetail } from '../../api/monitoring';
import { formatDateTime } from '../../lib/format';
import { DeadlineMark, LevelTag, StateTag } from './WarningTags';

/** What the warning is, for whom, why, and by when it must be verified. */
export function WarningHeader({ w, extra }: { w: WarningDetail; extra?: ReactNode }) {
  return (
    <Card
      title={
        <Space wrap size={8}>
          <span data-testid="warning-type">{w.typeName}</span>
          <LevelTag level={w.level} name={w.levelName} />
          <span data-testid="warning-state">
            <StateTag state={w.state} name={w.stateName} />
          </span>
        </Space>
      }
      extra={extra}
    >
      <Typography.Paragraph strong data-testid="warning-reason">
        {w.reason}
      </Typography.Paragraph>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label="核查期限">
          <span data-testid="warning-deadline">
            <DeadlineMark deadline={w.deadline} overdue={w.overdue} escalated={w.escalated} />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="所在村(居)">{w.region.name ?? w.region.code}</Descriptions.Item>
        <Descriptions.Item label="家庭">
          {w.household ? (
            <Link to={`/households/${w.household.id}`} data-testid="warning-household">
              {w.household.householdNo}
              {w.household.headName ? `（户主 ${w.household.headName}）` : ''}
            </Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="涉及人员">
          {w.person ? (
            <Space size={4} wrap>
              <span>
                {w.person.name}（{w.person.relationName}）
              </span>
              <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
                {w.person.idNumberMasked}
              </Typography.Text>
              {w.person.deceased && <Typography.Text type="secondary">已故</Typography.Text>}
            </Space>
          ) : (
            '全户'
          )}
        </Descriptions.Item>
        <Descriptions.Item label="建议处置">{w.suggestedRouteName}</Descriptions.Item>
        <Descriptions.Item label="预警时间">{formatDateTime(w.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="政策参数">
          {w.policy.id}（第 {w.policy.version} 版）
        </Descriptions.Item>
        {w.closedAt && <Descriptions.Item label="办结时间">{formatDateTime(w.closedAt)}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}
