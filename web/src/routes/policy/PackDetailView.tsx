import { ArrowLeftOutlined, DiffOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Descriptions, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { type PackRef, packKey, usePolicy } from '../../api/policy';
import { useCurrentUser } from '../../session/current-user';
import { PageError } from '../shared/PageError';
import { canPublish } from './can-publish';
import { PackSource, packTitle } from './PackSource';
import { PackValues } from './PackValues';

/** One pack version: its header, lineage, values by section (with 示例值 badges) and its text. */
export function PackDetailView({ packRef, onBack }: { packRef: PackRef; onBack: () => void }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const detail = usePolicy(packRef);

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (detail.isError) return <PageError error={detail.error} onRetry={() => void detail.refetch()} />;
  const { pack, lineage, values, content, source, notes, description } = detail.data;
  const examples = values.filter((v) => v.example).length;

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label="返回列表" />
            <span data-testid="pack-title">{packTitle(pack)}</span>
            {pack.latest && <Tag color="processing">最新</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {pack.version > 1 && (
              <Button
                icon={<DiffOutlined />}
                onClick={() =>
                  navigate(`/policies/compare?a=${pack.id}@${pack.version - 1}&b=${packKey(pack)}`)
                }
              >
                与上一版对比
              </Button>
            )}
            {canPublish(user) && !pack.abstract && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => navigate(`/policies/publish?from=${packKey(pack)}`)}
              >
                以此为基础发布新版本
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} bordered>
          <Descriptions.Item label="适用地区代码">
            {pack.region ?? '—（基础包，不直接适用）'}
          </Descriptions.Item>
          <Descriptions.Item label="生效期间">
            {pack.effectiveFrom} 起{pack.effectiveUntil ? `，至 ${pack.effectiveUntil}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="来源">
            <PackSource pack={pack} />
          </Descriptions.Item>
          <Descriptions.Item label="继承链">
            {lineage.map((l, i) => (
              <span key={packKey(l)}>
                {i > 0 && ' → '}
                {l.name}（{l.id} 第{l.version}版）
              </span>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="依据文件" span={2}>
            {source ? `${source.title}${source.docNo ? `（${source.docNo}）` : ''}` : '—'}
          </Descriptions.Item>
          {description && (
            <Descriptions.Item label="说明" span={3}>
              {description}
            </Descriptions.Item>
          )}
        </Descriptions>
        {notes.length > 0 && (
          <ul style={{ marginTop: 12, marginBottom: 0 }}>
            {notes.map((n) => (
              <li key={n}>
                <Typography.Text type="secondary">{n}</Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {pack.exampleValues && (
        <Alert
          type="warning"
          showIcon
          title="本参数包含示例值"
          description={`标有“示例值”的 ${examples} 项数值不是来自官方文件，仅供演示，上线前须由当地民政部门核定。`}
        />
      )}
      <PackValues values={values} />
      <Collapse
        items={[
          {
            key: 'text',
            label: '参数包原文（YAML / JSON）',
            children: (
              <Typography.Paragraph copyable={{ text: content }} style={{ marginBottom: 0 }}>
                <pre style={{ maxHeight: 480, overflow: 'auto', margin: 0 }}>{content}</pre>
              </Typography.Paragraph>
            ),
          },
        ]}
      />
    </Flex>
  );
}
