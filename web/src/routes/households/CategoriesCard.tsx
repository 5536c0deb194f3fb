import { Button, Card, Table, type TableColumnsType, Tag } from 'antd';
import type { CategoryAssignment, HouseholdPage } from '../../api/households';
import { CATEGORY_STATUS_COLORS, categoryStatusLabel, sourceLabel } from '../../lib/household-labels';

const basis = (c: CategoryAssignment) =>
  [
    c.reason,
    c.policy ? `政策参数包 ${c.policy.id}${c.policy.version ? ` 第${c.policy.version}版` : ''}` : null,
  ]
    .filter(Boolean)
    .join('；') || '—';

const columns: TableColumnsType<CategoryAssignment> = [
  { title: '救助类别', dataIndex: 'categoryName' },
  {
    title: '对象',
    key: 'who',
    render: (_, c) => (c.level === 'household' ? '全户' : (c.personName ?? '个人')),
  },
  {
    title: '状态',
    dataIndex: 'status',
    render: (s: string) => <Tag color={CATEGORY_STATUS_COLORS[s] ?? 'default'}>{categoryStatusLabel(s)}</Tag>,
  },
  { title: '起始日期', dataIndex: 'fromDate' },
  { title: '终止日期', dataIndex: 'toDate', render: (d: string | null) => d ?? '—' },
  { title: '理由 / 依据', key: 'basis', render: (_, c) => basis(c), responsive: ['md'] },
  { title: '来源', dataIndex: 'source', render: sourceLabel, responsive: ['lg'] },
];

/** Categories in force and every earlier one (救助类别及其历史); `onEnd` offers 终止救助类别. */
export function CategoriesCard({
  categories,
  onEnd,
}: {
  categories: HouseholdPage['categories'];
  onEnd?: (() => void) | null;
}) {
  const rows = [...categories.current, ...categories.history].sort((a, b) =>
    a.fromDate < b.fromDate ? 1 : a.fromDate > b.fromDate ? -1 : 0,
  );
  return (
    <Card
      title="救助类别及历史"
      data-testid="categories-card"
      extra={
        onEnd && categories.current.length > 0 ? (
          <Button danger size="small" onClick={onEnd}>
            终止救助类别
          </Button>
        ) : null
      }
    >
      <Table<CategoryAssignment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '未纳入任何救助类别' }}
      />
    </Card>
  );
}
