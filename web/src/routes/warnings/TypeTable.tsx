import { Button, Table, type TableColumnsType } from 'antd';
import type { Board } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import { LEVEL_LABELS, WARNING_LEVELS } from '../../lib/monitoring-labels';

type Row = Board['byType'][number];

/** Warnings by type, most first; a type's name filters the list. */
export function TypeTable({ rows, onSelect }: { rows: Row[]; onSelect: (type: string) => void }) {
  const columns: TableColumnsType<Row> = [
    {
      title: '预警类型',
      dataIndex: 'typeName',
      render: (name: string, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onSelect(r.type)}>
          {name}
        </Button>
      ),
    },
    { title: '合计', dataIndex: 'total', align: 'right', render: formatCount },
    { title: '未办结', dataIndex: 'open', align: 'right', render: formatCount },
    ...WARNING_LEVELS.map((l) => ({
      title: LEVEL_LABELS[l],
      key: l,
      align: 'right' as const,
      responsive: ['md' as const],
      render: (_: unknown, r: Row) => formatCount(r.byLevel[l]),
    })),
    { title: '逾期', dataIndex: 'overdue', align: 'right', render: formatCount },
  ];
  return (
    <Table<Row>
      rowKey="type"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: '暂无预警' }}
      data-testid="type-table"
    />
  );
}
