import { Button, Table, type TableColumnsType } from 'antd';
import type { Board } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import { LEVEL_LABELS, WARNING_LEVELS } from '../../lib/monitoring-labels';

type Row = Board['children'][number];

/** The child regions' figures as a table (the chart's accessible twin); a name drills down. */
export function ChildRegionWarnings({ rows, onSelect }: { rows: Row[]; onSelect: (code: string) => void }) {
  const columns: TableColumnsType<Row> = [
    {
      title: '地区',
      dataIndex: 'name',
      render: (name: string, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onSelect(r.code)}>
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
    { title: '已上报', dataIndex: 'escalated', align: 'right', render: formatCount, responsive: ['md'] },
  ];
  return (
    <Table<Row>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 'max-content' }}
      data-testid="child-region-warnings"
    />
  );
}
