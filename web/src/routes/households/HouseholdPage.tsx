import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, List, Result, Row, Skeleton, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { type Member, type HouseholdPage as PageData, useHouseholdPage } from '../../api/households';
import { useCurrentUser } from '../../session/current-user';
import { NotFound } from '../shared/NotFound';
import { PageError } from '../shared/PageError';
import { CategoriesCard } from './CategoriesCard';
import { DeathModal } from './DeathModal';
import { EditDrawer, type EditTarget } from './EditDrawer';
import { EndCategoriesModal } from './EndCategoriesModal';
import { HouseholdHeader } from './HouseholdHeader';
import { HouseholdTimeline } from './HouseholdTimeline';
import { MembersTable } from './MembersTable';
import { MonitoringCard } from './MonitoringCard';
import { MoveMemberModal } from './MoveMemberModal';
import { WarningsSection } from './WarningsSection';

/** 家庭详情: one household with its members, categories, monitoring and timeline. */
export default function HouseholdPage() {
  const { householdId } = useParams();
  const id = Number(householdId);
  if (!Number.isInteger(id) || id <= 0) return <NotFound />;
  return <HouseholdView key={id} id={id} />;
}

function HouseholdView({ id }: { id: number }) {
  const navigate = useNavigate();
  const query = useHouseholdPage(id);
  const back = (
    <Button
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/households'))}
    >
      返回
    </Button>
  );

  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404)
      return (
        <Result status="404" title="该户不存在" subTitle="该户不存在，或不在您的辖区内。" extra={back} />
      );
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <HouseholdBody page={query.data} back={back} />;
}

function HouseholdBody({ page, back }: { page: PageData; back: ReactNode }) {
  const user = useCurrentUser();
  const [edit, setEdit] = useState<EditTarget | null>(null);
  const [moving, setMoving] = useState<Member | null>(null);
  const [dying, setDying] = useState<Member | null>(null);
  const [ending, setEnding] = useState(false);
  const canEdit = page.permissions.edit;
  // The reveal is offered only when the role may do it; the server checks again and audits it.
  const canReveal = page.permissions.revealId && (user.permissions?.includes('person.reveal_id') ?? false);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        家庭详情
      </Typography.Title>
      <HouseholdHeader
        page={page}
        onEdit={canEdit ? () => setEdit({ kind: 'household' }) : null}
        extra={back}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <Card title={`家庭成员（${page.members.length}人）`} data-testid="members-card">
              <MembersTable
                householdId={page.household.id}
                members={page.members}
                headPersonId={page.household.headPersonId}
                canEdit={canEdit}
                canReveal={canReveal}
                onEdit={(m) => setEdit({ kind: 'member', personId: m.personId })}
                onMove={setMoving}
                onDeath={setDying}
              />
              {page.formerMembers.length > 0 && (
                <List
                  size="small"
                  header={<Typography.Text type="secondary">曾在本户的成员</Typography.Text>}
                  dataSource={page.formerMembers}
                  renderItem={(f) => (
                    <List.Item key={`${f.personId}-${f.leftOn}`}>
                      {f.name}（{f.idNumberMasked}）于 {f.leftOn} 离开本户{f.reason ? `：${f.reason}` : ''}
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <CategoriesCard
              categories={page.categories}
              onEnd={page.permissions.endCategories ? () => setEnding(true) : null}
            />
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <MonitoringCard monitoring={page.monitoring} />
            <WarningsSection householdId={page.household.id} />
            <HouseholdTimeline items={page.timeline} />
          </Flex>
        </Col>
      </Row>
      <EditDrawer page={page} target={edit} onClose={() => setEdit(null)} />
      <MoveMemberModal page={page} member={moving} onClose={() => setMoving(null)} />
      <DeathModal page={page} member={dying} onClose={() => setDying(null)} />
      <EndCategoriesModal page={page} open={ending} onClose={() => setEnding(false)} />
    </Flex>
  );
}
