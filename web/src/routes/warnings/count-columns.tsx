import { Button, type TableColumnsType } from 'antd';
import type { Tally } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import { LEVEL_LABELS, WARNING_LEVELS } from '../../lib/monitoring-labels';

/** A first column whose name is a link (drill down or filter), then the board's count columns. */
export function countColumns<Row extends Tally>(first: {
  title: string;
  name: (r: Row) => string;
  onSelect: (r: Row) => void;
}): TableColumnsType<Row> {
  return [
    {
      title: first.title,
      key: 'name',
      render: (_: unknown, r: Row) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => first.onSelect(r)}>
          {first.name(r)}
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
}
