import { Button, Card, Col, Flex, Row, Typography } from 'antd';
import { useState } from 'react';
import { useCurrentUser } from '../../session/current-user';
import { BatchHistory } from './BatchHistory';
import { BatchReport } from './BatchReport';
import { FeedUploader } from './FeedUploader';

/**
 * 部门数据比对: upload a department's file (CSV/XLSX) of one of the 13 feed types, follow its progress,
 * read the load report with the row errors in Chinese, and see past batches.
 */
export default function FeedsPage() {
  const user = useCurrentUser();
  const canImport = user.permissions?.includes('feeds.import') ?? false;
  const [current, setCurrent] = useState<number | null>(null);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        部门数据比对
      </Typography.Title>
      {canImport && (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Card title="上传部门数据">
              <FeedUploader onStarted={setCurrent} />
            </Card>
          </Col>
        </Row>
      )}
      {current !== null && (
        <Card title="导入结果" extra={<Button onClick={() => setCurrent(null)}>关闭</Button>}>
          <BatchReport id={current} />
        </Card>
      )}
      <Card title="导入批次">
        <BatchHistory onOpen={setCurrent} />
      </Card>
    </Flex>
  );
}
