import { Collapse, Table, Tag } from 'antd';
import type { FeedColumn, FeedType } from '../../api/feeds';

/** The chosen feed's columns (the file's header may use the Chinese or English name or a synonym). */
export function FeedColumns({ feed }: { feed: FeedType }) {
  return (
    <Collapse
      size="small"
      style={{ marginBottom: 16 }}
      items={[
        {
          key: 'columns',
          label: `${feed.name}的列（${feed.columns.length} 列）`,
          children: (
            <Table<FeedColumn>
              rowKey="key"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={feed.columns}
              columns={[
                { title: '中文表头', dataIndex: 'name' },
                { title: '英文表头', dataIndex: 'key', render: (k: string) => <code>{k}</code> },
                {
                  title: '必填',
                  dataIndex: 'required',
                  render: (r: boolean) => (r ? <Tag color="red">必填</Tag> : '可选'),
                },
                {
                  title: '取值',
                  key: 'values',
                  render: (_, c) => (c.options ? c.options.map((o) => o.name).join('、') : c.example),
                },
                { title: '说明', dataIndex: 'note', render: (n: string | null) => n ?? '' },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
