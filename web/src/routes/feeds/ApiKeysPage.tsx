import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Popconfirm, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type ApiKey, useApiKeys, useFeedTypes, useRevokeApiKey } from '../../api/feeds';
import { formatDateTime } from '../../lib/format';
import { PageError } from '../shared/PageError';
import { CreateKeyModal } from './CreateKeyModal';

/** 接口密钥: department systems push feeds with these keys; create (shown once), list, revoke. */
export default function ApiKeysPage() {
  const keys = useApiKeys();
  const types = useFeedTypes();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const typeName = (t: string) => types.data?.find((x) => x.type === t)?.name ?? t;

  const columns: TableColumnsType<ApiKey> = [
    { title: '名称', dataIndex: 'name' },
    { title: '部门', dataIndex: 'department' },
    { title: '密钥前缀', dataIndex: 'prefix', render: (p: string) => <code>{p}…</code> },
    {
      title: '可推送的数据',
      dataIndex: 'feedTypes',
      render: (ts: string[]) => ts.map((t) => <Tag key={t}>{typeName(t)}</Tag>),
    },
    { title: '区划', dataIndex: 'regionCode', responsive: ['lg'] },
    {
      title: '创建',
      key: 'created',
      responsive: ['md'],
      render: (_, k) => `${k.createdBy} · ${formatDateTime(k.createdAt)}`,
    },
    {
      title: '最近使用',
      dataIndex: 'lastUsedAt',
      responsive: ['md'],
      render: (t: string | null) => formatDateTime(t),
    },
    {
      title: '状态',
      key: 'state',
      render: (_, k) =>
        k.revokedAt ? (
          <Tag title={`${k.revokedBy ?? ''} ${formatDateTime(k.revokedAt)}`}>已吊销</Tag>
        ) : (
          <Tag color="green">有效</Tag>
        ),
    },
    {
      title: '操作',
      key: 'revoke',
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm
            title="吊销该密钥？"
            description="吊销后立即失效，使用该密钥的部门系统将无法推送数据。"
            okText="吊销"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(k.id)}
          >
            <Button size="small" danger>
              吊销
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        部门系统接口密钥
      </Typography.Title>
      <Card
        title="密钥列表"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建密钥
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">
          部门系统以请求头 <code>X-API-Key</code> 调用 <code>POST /api/feeds/push/数据类型</code>{' '}
          推送数据。每次推送与拒绝均记入审计日志。
        </Typography.Paragraph>
        {keys.isError ? (
          <PageError error={keys.error} onRetry={() => void keys.refetch()} />
        ) : (
          <Table<ApiKey>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={keys.data ?? []}
            loading={keys.isPending}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: '暂无密钥' }}
            pagination={false}
            data-testid="api-keys"
          />
        )}
      </Card>
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} />
    </Flex>
  );
}
