import { DiffOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Skeleton, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { type PackSummary, packKey, parsePackKey, usePolicies } from '../../api/policy';
import { useCurrentUser } from '../../session/current-user';
import { PageError } from '../shared/PageError';
import { canPublish } from './can-publish';
import { PackDetailView } from './PackDetailView';
import { PackSource } from './PackSource';

/** 政策参数: every pack version; `?pack=id@version` shows one pack's values. */
export default function PoliciesPage() {
  const [params, setParams] = useSearchParams();
  const selected = parsePackKey(params.get('pack'));
  const open = (key: string | null) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (key) p.set('pack', key);
      else p.delete('pack');
      return p;
    });
  if (selected) return <PackDetailView packRef={selected} onBack={() => open(null)} />;
  return <PackList onOpen={open} />;
}

function PackList({ onOpen }: { onOpen: (key: string) => void }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const packs = usePolicies();
  const [latestOnly, setLatestOnly] = useState(false);

  if (packs.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (packs.isError) return <PageError error={packs.error} onRetry={() => void packs.refetch()} />;
  const rows = latestOnly ? packs.data.filter((p) => p.latest) : packs.data;

  return (
    <Card
      title="政策参数包"
      extra={
        <Space wrap>
          <Button icon={<DiffOutlined />} onClick={() => navigate('/policies/compare')}>
            对比参数包
          </Button>
          {canPublish(user) && (
            <Button type="primary" icon={<UploadOutlined />} onClick={() => navigate('/policies/publish')}>
              发布新版本
            </Button>
          )}
        </Space>
      }
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          认定时按家庭所在地区和认定日期自动选用生效的参数包：地区最具体者优先，同一地区取生效日期最晚、版本最高者。
          已发布的版本不可修改，调整参数须发布新版本。
        </Typography.Text>
        <Space>
          <Switch checked={latestOnly} onChange={setLatestOnly} aria-label="只显示最新版本" />
          <span>只显示最新版本</span>
        </Space>
      </Flex>
      <Table<PackSummary>
        rowKey={packKey}
        dataSource={rows}
        pagination={false}
        size="middle"
        data-testid="policy-list"
        onRow={(p) => ({ onDoubleClick: () => onOpen(packKey(p)) })}
        columns={[
          {
            key: 'name',
            title: '名称',
            render: (_, p) => (
              <Space size={4} wrap>
                <Typography.Link onClick={() => onOpen(packKey(p))}>{p.name}</Typography.Link>
                {p.abstract && <Tag>基础包</Tag>}
                {p.exampleValues && <Tag color="orange">含示例值</Tag>}
              </Space>
            ),
          },
          {
            key: 'id',
            title: '标识 / 版本',
            render: (_, p) => (
              <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                <Typography.Text code>{p.id}</Typography.Text>
                <span>第{p.version}版</span>
                {p.latest && <Tag color="processing">最新</Tag>}
              </Space>
            ),
          },
          { key: 'region', title: '适用地区', render: (_, p) => p.region ?? '—（不直接适用）' },
          {
            key: 'effective',
            title: '生效期间',
            render: (_, p) => `${p.effectiveFrom} 起${p.effectiveUntil ? `，至 ${p.effectiveUntil}` : ''}`,
          },
          { key: 'extends', title: '继承自', render: (_, p) => p.extends ?? '—' },
          { key: 'source', title: '来源', render: (_, p) => <PackSource pack={p} /> },
          {
            key: 'actions',
            title: '操作',
            render: (_, p) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => onOpen(packKey(p))}>
                  查看
                </Button>
                {p.version > 1 && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => navigate(`/policies/compare?a=${p.id}@${p.version - 1}&b=${packKey(p)}`)}
                  >
                    与上一版对比
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
