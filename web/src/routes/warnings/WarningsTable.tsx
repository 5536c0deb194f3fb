import { Space, Table, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Page, WarningItem } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import { DeadlineMark, LevelTag, StateTag } from './WarningTags';
import { PAGE_SIZES } from './warning-params';

interface Props {
  data: Page<WarningItem> | undefined;
  loading: boolean;
  page: number;
  size: number;
  onPage: (page: number, size: number) => void;
}

/** One row per warning, most urgent first (the server's order); server-side pagination. */
export function WarningsTable({ data, loading, page, size, onPage }: Props) {
  const columns: TableColumnsType<WarningItem> = [
    {
      title: '预警',
      key: 'type',
      render: (_, w) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/warnings/${w.id}`} data-testid={`warning-link-${w.id}`}>
            {w.typeName}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            #{w.id}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '等级',
      dataIndex: 'level',
      render: (l: string, w) => <LevelTag level={l} name={w.levelName} />,
    },
    {
      title: '状态',
      dataIndex: 'state',
      render: (s: string, w) => <StateTag state={s} name={w.stateName} />,
    },
    {
      title: '家庭 / 人员',
      key: 'who',
      render: (_, w) => (
        <Space orientation="vertical" size={0}>
          <span>{w.household ? `${w.household.headName ?? '—'}户` : '—'}</span>
          {w.person && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {w.person.name}（{w.person.relationName}）
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '所在村(居)',
      key: 'region',
      render: (_, w) => w.region.name ?? w.region.code,
      responsive: ['md'],
    },
    {
      title: '预警原因',
      dataIndex: 'reason',
      responsive: ['lg'],
      render: (r: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: r }} style={{ margin: 0, maxWidth: 360 }}>
          {r}
        </Typography.Paragraph>
      ),
    },
    {
      title: '核查期限',
      dataIndex: 'deadline',
      render: (d: string, w) => <DeadlineMark deadline={d} overdue={w.overdue} escalated={w.escalated} />,
    },
  ];

  return (
    <Table<WarningItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '没有符合条件的预警' }}
      data-testid="warnings-table"
      pagination={{
        current: page,
        pageSize: size,
        total: data?.total ?? 0,
        pageSizeOptions: PAGE_SIZES.map(String),
        showSizeChanger: true,
        showTotal: (total) => `共 ${formatCount(total)} 条`,
        onChange: onPage,
      }}
    />
  );
}
