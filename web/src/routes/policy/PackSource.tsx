import { Tag, Tooltip, Typography } from 'antd';
import type { PackSummary } from '../../api/policy';
import { formatDateTime } from '../../lib/format';

/** Where a pack version comes from: a file shipped with doudi, or published by whom, when, why. */
export function PackSource({ pack }: { pack: PackSummary }) {
  if (pack.source === 'shipped') {
    return (
      <Tooltip title={pack.file ? `policies/${pack.file}` : undefined}>
        <Tag color="blue">随产品提供</Tag>
      </Tooltip>
    );
  }
  return (
    <span>
      <Tag color="green">已发布</Tag>
      <Typography.Text type="secondary">
        {pack.publishedBy} · {formatDateTime(pack.publishedAt)}
      </Typography.Text>
      {pack.reason && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          理由：{pack.reason}
        </Typography.Text>
      )}
    </span>
  );
}

export const packTitle = (p: Pick<PackSummary, 'name' | 'id' | 'version'>): string =>
  `${p.name}（${p.id} 第${p.version}版）`;
