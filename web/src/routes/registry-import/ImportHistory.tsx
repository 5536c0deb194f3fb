import { Button, Table, Tag } from 'antd';
import { type ImportListItem, useImports } from '../../api/registry-import';
import { formatCount, formatDateTime } from '../../lib/format';

const STATUS: Record<string, { text: string; color: string }> = {
  running: { text: '进行中', color: 'processing' },
  done: { text: '已完成', color: 'success' },
  failed: { text: '失败', color: 'error' },
};

/** 导入记录: the recent imports of the user's region; one of them can be opened. */
export function ImportHistory({ onOpen }: { onOpen: (id: string) => void }) {
  const imports = useImports();
  return (
    <Table<ImportListItem>
      rowKey="id"
      size="small"
      loading={imports.isPending}
      dataSource={imports.data ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '暂无导入记录' }}
      columns={[
        { title: '文件', dataIndex: 'fileName', render: (f: string | null) => f ?? '—' },
        {
          title: '状态',
          dataIndex: 'status',
          render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag>,
        },
        { title: '总行数', dataIndex: 'rowsTotal', align: 'right', render: formatCount },
        { title: '成功', dataIndex: 'rowsOk', align: 'right', render: formatCount },
        { title: '错误', dataIndex: 'rowsFailed', align: 'right', render: formatCount },
        { title: '导入人', dataIndex: 'actorName', responsive: ['md'] },
        { title: '开始时间', dataIndex: 'startedAt', render: formatDateTime, responsive: ['sm'] },
        {
          title: '操作',
          key: 'open',
          render: (_, r) => (
            <Button type="link" size="small" onClick={() => onOpen(r.id)}>
              查看结果
            </Button>
          ),
        },
      ]}
    />
  );
}
