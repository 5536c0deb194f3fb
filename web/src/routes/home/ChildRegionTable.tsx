import { Button, Table, type TableColumnsType } from 'antd';
import type { StatsChildRegion } from '../../api/types';
import { formatCount } from '../../lib/format';
import { CATEGORIES, CATEGORY_LABELS } from '../../lib/labels';

interface Props {
  regions: StatsChildRegion[];
  onSelect: (code: string) => void;
}

/** Child regions with their figures; a region's name drills down into it. */
export function ChildRegionTable({ regions, onSelect }: Props) {
  const columns: TableColumnsType<StatsChildRegion> = [
    {
      title: '地区',
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onSelect(r.code)}>
          {name}
        </Button>
      ),
    },
    {
      title: '户数',
      dataIndex: 'households',
      align: 'right',
      render: formatCount,
      sorter: (a, b) => a.households - b.households,
    },
    {
      title: '人数',
      dataIndex: 'people',
      align: 'right',
      render: formatCount,
      sorter: (a, b) => a.people - b.people,
      defaultSortOrder: 'descend',
    },
    ...CATEGORIES.map((c) => ({
      title: CATEGORY_LABELS[c],
      key: c,
      align: 'right' as const,
      render: (_: unknown, r: StatsChildRegion) => formatCount(r.byCategory[c]),
    })),
  ];

  return (
    <Table<StatsChildRegion>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={regions}
      pagination={regions.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
    />
  );
}
