import { Button, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Member } from '../../api/households';
import { sexLabel } from '../../lib/household-labels';
import { MemberAttributes } from './MemberAttributes';
import { ProvenanceNote } from './ProvenanceNote';
import { RevealIdButton } from './RevealIdButton';

interface Props {
  householdId: number;
  members: Member[];
  headPersonId: number | null;
  canEdit: boolean;
  canReveal: boolean;
  onEdit: (m: Member) => void;
  onMove: (m: Member) => void;
  onDeath: (m: Member) => void;
}

/**
 * The members, one row each (narrow enough for a phone), with their attributes and the provenance
 * of each shown below the row.
 */
export function MembersTable({ householdId, members, headPersonId, canEdit, canReveal, ...act }: Props) {
  const columns: TableColumnsType<Member> = [
    {
      title: '姓名',
      key: 'name',
      render: (_, m) => (
        <div>
          <Space size={4} wrap>
            <Typography.Text strong>{m.name}</Typography.Text>
            {m.personId === headPersonId && <Tag color="blue">户主</Tag>}
            {m.deathDate && <Tag>已故 {m.deathDate}</Tag>}
          </Space>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {m.relationName} · {sexLabel(m.sex)} · {m.age}岁
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '身份证号',
      key: 'id',
      render: (_, m) => (
        <div>
          <Typography.Text style={{ fontFamily: 'monospace' }} data-testid={`id-${m.personId}`}>
            {m.idNumberMasked}
          </Typography.Text>
          {canReveal && <RevealIdButton householdId={householdId} personId={m.personId} name={m.name} />}
          <ProvenanceNote p={m.provenance.idNumber} />
        </div>
      ),
    },
    {
      title: '入户日期',
      dataIndex: 'memberSince',
      render: (d: string | null) => d ?? '—',
      responsive: ['md'],
    },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, m: Member) =>
              m.deathDate ? null : (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => act.onEdit(m)}
                    data-testid={`edit-${m.personId}`}
                  >
                    修改
                  </Button>
                  <Button type="link" size="small" onClick={() => act.onMove(m)}>
                    迁出
                  </Button>
                  <Button type="link" size="small" danger onClick={() => act.onDeath(m)}>
                    登记死亡
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <Table<Member>
      rowKey="personId"
      size="middle"
      columns={columns}
      dataSource={members}
      pagination={false}
      expandable={{
        expandedRowRender: (m) => <MemberAttributes member={m} />,
        defaultExpandAllRows: true,
      }}
    />
  );
}
