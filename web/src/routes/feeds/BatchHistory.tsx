import { Button, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { type Batch, useBatches } from '../../api/feeds';
import { formatCount, formatDateTime } from '../../lib/format';
import { BATCH_SOURCE_LABELS } from '../../lib/monitoring-labels';

const SIZE = 20;
const STATUS_COLORS: Record<string, string> = {
  running: 'processing',
  done: 'green',
  failed: 'red',
  duplicate: 'default',
};

/** Past batches of the user's region, newest first; a row opens its report. */
export function BatchHistory({ onOpen }: { onOpen: (id: number) => void }) {
  const [page, setPage] = useState(1);
  const batches = useBatches(undefined, { limit: SIZE, offset: (page - 1) * SIZE });
  const columns: TableColumnsType<Batch> = [
    { title: '批次', dataIndex: 'id', render: (id: number) => `#${id}` },
    { title: '数据类型', dataIndex: 'feedTypeName' },
    {
      title: '文件 / 来源',
      key: 'file',
      render: (_, b) => b.fileName ?? BATCH_SOURCE_LABELS[b.source] ?? b.source,
    },
    { title: '部门', dataIndex: 'department', responsive: ['md'], render: (d: string | null) => d ?? '—' },
    {
      title: '状态',
      dataIndex: 'status',
      render: (s: string, b) => <Tag color={STATUS_COLORS[s]}>{b.statusName}</Tag>,
    },
    { title: '新增', key: 'added', align: 'right', render: (_, b) => formatCount(b.counts.added) },
    { title: '错误', key: 'rejected', align: 'right', render: (_, b) => formatCount(b.counts.rejected) },
    {
      title: '匹配',
      key: 'matched',
      align: 'right',
      responsive: ['md'],
      render: (_, b) => formatCount(b.counts.matched),
    },
    { title: '导入人', dataIndex: 'uploadedBy', responsive: ['lg'] },
    { title: '时间', dataIndex: 'startedAt', responsive: ['md'], render: (t: string) => formatDateTime(t) },
    {
      title: '',
      key: 'open',
      render: (_, b) => (
        <Button size="small" onClick={() => onOpen(b.id)}>
          查看报告
        </Button>
      ),
    },
  ];
  return (
    <Table<Batch>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={batches.data?.items ?? []}
      loading={batches.isFetching}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '暂无导入批次' }}
      data-testid="batch-history"
      pagination={{
        current: page,
        pageSize: SIZE,
        total: batches.data?.total ?? 0,
        showTotal: (t) => `共 ${formatCount(t)} 批`,
        onChange: setPage,
      }}
    />
  );
}
