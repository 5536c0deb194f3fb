import { Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Lead, Page } from '../../api/monitoring';
import { formatCount, formatDateTime } from '../../lib/format';
import { REGION_PRECISION_LABELS } from '../../lib/monitoring-labels';
import { LeadRevealButton } from './LeadRevealButton';

interface Props {
  data: Page<Lead> | undefined;
  loading: boolean;
  page: number;
  size: number;
  onPage: (page: number) => void;
  onEdit: ((lead: Lead) => void) | null;
  canReveal: boolean;
}

const STATUS_COLORS: Record<string, string> = {
  open: 'blue',
  contacted: 'cyan',
  applied: 'green',
  dismissed: 'default',
  matched: 'purple',
};

export function LeadsTable({ data, loading, page, size, onPage, onEdit, canReveal }: Props) {
  const columns: TableColumnsType<Lead> = [
    {
      title: '姓名',
      key: 'name',
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <span>{l.name}</span>
          <Space size={4}>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
              {l.idNumberMasked}
            </Typography.Text>
            {canReveal && <LeadRevealButton lead={l} />}
          </Space>
        </Space>
      ),
    },
    {
      title: '数据来源',
      key: 'feeds',
      render: (_, l) => (
        <Space size={[0, 4]} wrap>
          {l.feedTypes.map((f) => (
            <Tag key={f.type}>{f.name}</Tag>
          ))}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.rows} 行
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '所属地区',
      key: 'region',
      render: (_, l) => (
        <Space orientation="vertical" size={0}>
          <span>{l.region ? (l.region.name ?? l.region.code) : '—'}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {REGION_PRECISION_LABELS[l.regionPrecision] ?? l.regionPrecision}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '跟进状态',
      key: 'status',
      render: (_, l) => <Tag color={STATUS_COLORS[l.status]}>{l.statusName}</Tag>,
    },
    { title: '备注', dataIndex: 'note', responsive: ['lg'], render: (n: string | null) => n ?? '—' },
    {
      title: '最近出现',
      dataIndex: 'lastSeenAt',
      responsive: ['md'],
      render: (t: string) => formatDateTime(t),
    },
    ...(onEdit
      ? [
          {
            title: '操作',
            key: 'edit',
            render: (_: unknown, l: Lead) =>
              l.status === 'matched' ? null : (
                <Button size="small" onClick={() => onEdit(l)} data-testid={`lead-edit-${l.id}`}>
                  跟进
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<Lead>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '暂无线索' }}
      data-testid="leads-table"
      pagination={{
        current: page,
        pageSize: size,
        total: data?.total ?? 0,
        showTotal: (t) => `共 ${formatCount(t)} 条`,
        onChange: onPage,
      }}
    />
  );
}
