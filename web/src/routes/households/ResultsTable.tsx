import { Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { SearchItem, SearchResponse } from '../../api/households';
import { formatCount } from '../../lib/format';
import { residenceLabel } from '../../lib/household-labels';
import { PAGE_SIZES } from './search-params';

interface Props {
  data: SearchResponse | undefined;
  loading: boolean;
  page: number;
  size: number;
  onPage: (page: number, size: number) => void;
}

const person = (p: { name: string; idNumberMasked: string }) => (
  <Space orientation="vertical" size={0}>
    <span>{p.name}</span>
    <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
      {p.idNumberMasked}
    </Typography.Text>
  </Space>
);

/** One row per household; the page is fetched from the server (server-side pagination). */
export function ResultsTable({ data, loading, page, size, onPage }: Props) {
  const anyMatched = data?.items.some((i) => i.matchedMembers.length > 0) ?? false;
  const columns: TableColumnsType<SearchItem> = [
    {
      title: '户编号',
      dataIndex: 'householdNo',
      render: (no: string, r) => <Link to={`/households/${r.householdId}`}>{no}</Link>,
    },
    { title: '户主', key: 'head', render: (_, r) => (r.head ? person(r.head) : '—') },
    ...(anyMatched
      ? [
          {
            title: '匹配成员',
            key: 'matched',
            render: (_: unknown, r: SearchItem) => (
              <Space orientation="vertical" size={4}>
                {r.matchedMembers.map((m) => (
                  <span key={m.personId}>{person(m)}</span>
                ))}
              </Space>
            ),
          },
        ]
      : []),
    {
      title: '救助类别',
      key: 'categories',
      render: (_, r) => (
        <Space size={[0, 4]} wrap>
          {r.categories.map((c) => (
            <Tag key={c.category} color="blue">
              {c.categoryName}
            </Tag>
          ))}
          {r.monitored && <Tag color="orange">监测中</Tag>}
          {r.categories.length === 0 && !r.monitored && <Typography.Text type="secondary">—</Typography.Text>}
        </Space>
      ),
    },
    { title: '所在村(居)', key: 'region', render: (_, r) => r.region.name, responsive: ['md'] },
    { title: '城乡', dataIndex: 'residence', render: residenceLabel, responsive: ['lg'] },
    { title: '家庭住址', dataIndex: 'address', responsive: ['lg'] },
    { title: '人数', dataIndex: 'memberCount', align: 'right', responsive: ['sm'] },
  ];

  return (
    <Table<SearchItem>
      rowKey="householdId"
      size="middle"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '没有符合条件的家庭' }}
      pagination={{
        current: page,
        pageSize: size,
        total: data?.total ?? 0,
        pageSizeOptions: PAGE_SIZES.map(String),
        showSizeChanger: true,
        showTotal: (total) =>
          data?.totalIsLowerBound ? `超过 ${formatCount(total)} 户` : `共 ${formatCount(total)} 户`,
        onChange: onPage,
      }}
    />
  );
}
