import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { templateHref, useImportStarted } from '../../api/registry-import';
import { ImportHistory } from './ImportHistory';
import { ImportStatus } from './ImportStatus';
import { ImportUploader } from './ImportUploader';

/**
 * 名册导入: a county or town loads its existing roster from Excel or CSV. Good rows are committed,
 * bad ones reported with their row numbers; importing the same file again changes nothing.
 */
export default function RegistryImportPage() {
  const started = useImportStarted();
  const [current, setCurrent] = useState<string | null>(null);

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        名册导入
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title="1. 下载模板">
            <Typography.Paragraph type="secondary">
              每人一行，同户成员的户编号相同；身份证号须为文本格式。模板内附填写说明，表头可用中文或英文。
            </Typography.Paragraph>
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={templateHref('xlsx')} download>
                Excel 模板
              </Button>
              <Button icon={<DownloadOutlined />} href={templateHref('csv')} download>
                CSV 模板
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="2. 上传名册">
            <ImportUploader
              onStarted={(job) => {
                started(job);
                setCurrent(job.id);
              }}
            />
          </Card>
        </Col>
      </Row>
      {current && (
        <Card title="导入结果" extra={<Button onClick={() => setCurrent(null)}>关闭</Button>}>
          <ImportStatus id={current} />
        </Card>
      )}
      <Card title="导入记录">
        <ImportHistory onOpen={setCurrent} />
      </Card>
    </Flex>
  );
}
