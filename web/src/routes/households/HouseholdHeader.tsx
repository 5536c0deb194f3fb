import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { HouseholdPage } from '../../api/households';
import { formatDateTime } from '../../lib/format';
import { CATEGORY_STATUS_COLORS, categoryStatusLabel, residenceLabel } from '../../lib/household-labels';
import { ProvenanceNote } from './ProvenanceNote';

interface Props {
  page: HouseholdPage;
  onEdit: (() => void) | null;
  extra?: ReactNode;
}

/** 户编号, where the household lives, its head, its categories in force and whether it is monitored. */
export function HouseholdHeader({ page, onEdit, extra }: Props) {
  const h = page.household;
  const head = page.members.find((m) => m.personId === h.headPersonId);
  const withNote = (value: ReactNode, field: string) => (
    <div>
      <div>{value}</div>
      <ProvenanceNote p={h.provenance[field]} testId={`provenance-household-${field}`} />
    </div>
  );

  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          户编号{' '}
          <Typography.Text copyable data-testid="household-no" style={{ fontSize: 'inherit' }}>
            {h.householdNo}
          </Typography.Text>
        </Typography.Title>
        <Space wrap>
          {onEdit && (
            <Button icon={<EditOutlined />} onClick={onEdit}>
              修改家庭信息
            </Button>
          )}
          {extra}
        </Space>
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'region',
            label: '所在地区',
            span: { xs: 1, sm: 2, lg: 3 },
            children: withNote(h.regionPath.map((r) => r.name).join(' / ') || h.region.name, 'regionCode'),
          },
          {
            key: 'residence',
            label: '城乡类别',
            children: withNote(residenceLabel(h.residence), 'residence'),
          },
          { key: 'address', label: '家庭住址', children: withNote(h.address, 'address') },
          { key: 'head', label: '户主', children: withNote(head?.name ?? '（无）', 'head') },
          {
            key: 'categories',
            label: '救助类别',
            children:
              page.categories.current.length === 0 ? (
                '无'
              ) : (
                <Space size={[4, 4]} wrap data-testid="current-categories">
                  {page.categories.current.map((c) => (
                    <Tag key={c.id} color={CATEGORY_STATUS_COLORS[c.status] ?? 'default'}>
                      {c.categoryName}
                      {c.personName ? `（${c.personName}）` : ''} · {categoryStatusLabel(c.status)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          {
            key: 'monitoring',
            label: '监测状态',
            children: page.monitoring.active ? <Tag color="orange">监测中</Tag> : <Tag>未在监测</Tag>,
          },
          {
            key: 'updated',
            label: '最近修改',
            children: `${formatDateTime(h.updatedAt)}${h.updatedBy ? ` · ${h.updatedBy}` : ''}（第 ${h.version} 版）`,
          },
        ]}
      />
    </Card>
  );
}
