import { Card, Descriptions, Empty, Flex, Typography } from 'antd';
import type { Evidence } from '../../api/monitoring';
import { formatDateTime } from '../../lib/format';

/** The department rows that raised the warning, as the server sends them (names masked by role). */
export function EvidenceCard({ evidence }: { evidence: Evidence[] }) {
  return (
    <Card title={`比对证据（${evidence.length}条）`} data-testid="evidence-card">
      {evidence.length === 0 ? (
        <Empty description="无部门数据行" />
      ) : (
        <Flex vertical gap={12}>
          {evidence.map((e) => (
            <Descriptions
              key={e.id}
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              title={
                <Typography.Text>
                  {e.feedTypeName}
                  <Typography.Text
                    type="secondary"
                    style={{ fontWeight: 'normal', marginLeft: 8, fontSize: 12 }}
                  >
                    {e.department ?? '—'} · {e.fileName ?? '接口推送'} 第 {e.rowNumber} 行 · 导入于{' '}
                    {formatDateTime(e.loadedAt)}
                  </Typography.Text>
                </Typography.Text>
              }
            >
              <Descriptions.Item label="姓名">{e.name}</Descriptions.Item>
              {e.facts.map((f) => (
                <Descriptions.Item key={f.key} label={f.label}>
                  {f.value ?? '—'}
                </Descriptions.Item>
              ))}
            </Descriptions>
          ))}
        </Flex>
      )}
    </Card>
  );
}
