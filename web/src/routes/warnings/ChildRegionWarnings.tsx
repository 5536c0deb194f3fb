import { Table, type TableColumnsType } from 'antd';
import type { Board } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import { countColumns } from './count-columns';

type Row = Board['children'][number];

/** The child regions' figures as a table (the chart's accessible twin); a name drills down. */
export function ChildRegionWarnings({ rows, onSelect }: { rows: Row[]; onSelect: (code: string) => void }) {
  const columns: TableColumnsType<Row> = [
    ...countColumns<Row>({ title: '地区', name: (r) => r.name, onSelect: (r) => onSelect(r.code) }),
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
