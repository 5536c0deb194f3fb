import { Alert, Button, Card, Checkbox, Flex, Form, List, Segmented, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { type TaskItem, useTasks } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import { useDrillRegion } from '../../session/drill-region';
import { LevelTag, StateTag } from '../warnings/WarningTags';

const SIZE = 20;

/**
 * 核查任务: the verification tasks of the user's village or town (pending first by due date), as a
 * list that reads on a phone; each opens the warning, where the visit is recorded.
 */
export default function TasksPage() {
  const drill = useDrillRegion();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'done' ? 'done' : 'pending';
  const overdue = params.get('overdue') === '1' || undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const tasks = useTasks(
    { region: drill.isOwn ? undefined : drill.code, status, overdue },
    { limit: SIZE, offset: (page - 1) * SIZE },
  );
  const set = (k: string, v: string | undefined) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (v) p.set(k, v);
      else p.delete(k);
      if (k !== 'page') p.delete('page');
      return p;
    });

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        核查任务
      </Typography.Title>
      <Card>
        <Form layout="inline" style={{ rowGap: 8 }}>
          <Form.Item label="任务状态">
            <Segmented
              aria-label="任务状态"
              value={status}
              options={[
                { value: 'pending', label: '待核查' },
                { value: 'done', label: '已完成' },
              ]}
              onChange={(v) => set('status', v === 'done' ? 'done' : undefined)}
            />
          </Form.Item>
          <Form.Item>
            <Checkbox
              checked={overdue === true}
              onChange={(e) => set('overdue', e.target.checked ? '1' : undefined)}
            >
              只看逾期
            </Checkbox>
          </Form.Item>
        </Form>
      </Card>
      {tasks.isError ? (
        <Alert
          type="error"
          showIcon
          title={isApiError(tasks.error) ? tasks.error.displayMessage : '核查任务加载失败'}
          action={
            <Button size="small" onClick={() => void tasks.refetch()}>
              重试
            </Button>
          }
        />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <List<TaskItem>
            data-testid="tasks-list"
            loading={tasks.isFetching}
            dataSource={tasks.data?.items ?? []}
            locale={{ emptyText: status === 'pending' ? '没有待核查的任务' : '没有已完成的任务' }}
            pagination={
              (tasks.data?.total ?? 0) > SIZE
                ? {
                    current: page,
                    pageSize: SIZE,
                    total: tasks.data?.total ?? 0,
                    showTotal: (t) => `共 ${formatCount(t)} 项`,
                    onChange: (p) => set('page', String(p)),
                    style: { padding: 12 },
                  }
                : undefined
            }
            renderItem={(t) => <TaskRow t={t} />}
          />
        </Card>
      )}
    </Flex>
  );
}

function TaskRow({ t }: { t: TaskItem }) {
  return (
    <List.Item style={{ paddingInline: 16 }}>
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Link to={`/warnings/${t.warning.id}`} data-testid={`task-${t.task.id}`}>
            <Typography.Text strong>{t.warning.typeName}</Typography.Text>
          </Link>
          <LevelTag level={t.warning.level} name={t.warning.levelName} />
          <StateTag state={t.warning.state} name={t.warning.stateName} />
          {t.overdue && <Tag color="error">逾期</Tag>}
          {t.task.escalated && <Tag color="volcano">已上报县级</Tag>}
        </Space>
        <Typography.Text>
          {t.household ? `${t.household.headName ?? '—'}户（${t.household.householdNo}）` : '—'}
          {t.person ? ` · ${t.person.name}（${t.person.relationName}）` : ''}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t.warning.reason}
        </Typography.Text>
        <Space wrap size={12} style={{ fontSize: 12 }}>
          <Typography.Text type={t.overdue ? 'danger' : 'secondary'}>
            核查期限 {t.task.dueDate}
          </Typography.Text>
          <Typography.Text type="secondary">{t.region.name ?? t.region.code}</Typography.Text>
        </Space>
      </Flex>
    </List.Item>
  );
}
