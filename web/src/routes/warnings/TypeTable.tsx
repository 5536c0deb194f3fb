import { Table } from 'antd';
import type { Board } from '../../api/monitoring';
import { countColumns } from './count-columns';

type Row = Board['byType'][number];

/** Warnings by type, most first; a type's name filters the list. */
export function TypeTable({ rows, onSelect }: { rows: Row[]; onSelect: (type: string) => void }) {
  const columns = countColumns<Row>({
    title: '预警类型',
    name: (r) => r.typeName,
    onSelect: (r) => onSelect(r.type),
  });
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
