import { Alert, Card, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useHouseholdWarnings } from '../../api/monitoring';
import { formatDateTime } from '../../lib/format';
import { DeadlineMark, LevelTag, StateTag } from '../warnings/WarningTags';

/**
 * 预警记录: the household's warnings (`GET /api/monitoring/households/:householdId/warnings`), newest
 * first, each linking to its detail. Renders nothing when there are none, or when the role cannot
 * read warnings (the rest of the page stays usable).
 */
export function WarningsSection({ householdId }: { householdId: number }) {
  const warnings = useHouseholdWarnings(householdId);
  if (warnings.isPending) return null;
  if (warnings.isError)
    return isApiError(warnings.error) && warnings.error.status === 403 ? null : (
      <Alert type="warning" showIcon title="预警记录暂时无法加载" />
    );
  if (warnings.data.length === 0) return null;
  return (
    <Card title={`预警记录（${warnings.data.length}条）`} data-testid="warnings-section">
      <List
        size="small"
        dataSource={warnings.data}
        renderItem={(w) => (
          <List.Item key={w.id}>
            <Space orientation="vertical" size={2}>
              <Space wrap size={4}>
                <Link to={`/warnings/${w.id}`}>{w.typeName}</Link>
                <LevelTag level={w.level} name={w.levelName} />
                <StateTag state={w.state} name={w.stateName} />
              </Space>
              <Typography.Text style={{ fontSize: 13 }}>{w.reason}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                预警于 {formatDateTime(w.createdAt)} · 核查期限{' '}
                <DeadlineMark deadline={w.deadline} overdue={w.overdue} escalated={w.escalated} />
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
