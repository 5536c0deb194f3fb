import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Flex, Result, Row, Skeleton, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useWarning } from '../../api/monitoring';
import { NotFound } from '../shared/NotFound';
import { PageError } from '../shared/PageError';
import { EvidenceCard } from './EvidenceCard';
import { HandlingForm } from './HandlingForm';
import { HandlingResult } from './HandlingResult';
import { TaskCard } from './TaskCard';
import { VisitForm } from './VisitForm';
import { WarningHeader } from './WarningHeader';

/** 预警详情: the warning, its evidence, the verification task and visits, and the handling. */
export default function WarningPage() {
  const { warningId } = useParams();
  const id = Number(warningId);
  if (!Number.isInteger(id) || id <= 0) return <NotFound />;
  return <WarningView key={id} id={id} />;
}

function WarningView({ id }: { id: number }) {
  const navigate = useNavigate();
  const query = useWarning(id);
  const back = (
    <Button
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/warnings'))}
    >
      返回
    </Button>
  );

  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 404)
      return (
        <Result status="404" title="该预警不存在" subTitle="该预警不存在，或不在您的辖区内。" extra={back} />
      );
    return <PageError error={query.error} onRetry={() => void query.refetch()} />;
  }
  const w = query.data;
  const awaitingHandling = w.state === 'verified' && !w.permissions.handle;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        预警详情
      </Typography.Title>
      <WarningHeader w={w} extra={back} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            <EvidenceCard evidence={w.evidence} />
            <TaskCard task={w.task} visits={w.visits} overdue={w.overdue} />
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            {w.permissions.visit && <VisitForm warningId={w.id} />}
            {w.permissions.handle && <HandlingForm warning={w} />}
            {awaitingHandling && <Alert type="info" showIcon title="已核实，待乡镇(街道)经办人分类处置" />}
            {w.handling && <HandlingResult handling={w.handling} />}
            {w.state === 'closed' && !w.handling && (
              <Alert type="success" showIcon title="经入户核查不属实，预警已关闭" />
            )}
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
