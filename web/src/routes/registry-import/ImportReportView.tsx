import { Alert, Col, Row, Statistic, Table, Typography } from 'antd';
import type { ImportReport } from '../../api/registry-import';
import { formatCount } from '../../lib/format';

/** The report: rows read, loaded and refused; what changed; and the refused rows with their reasons. */
export function ImportReportView({ report: r }: { report: ImportReport }) {
  const c = r.counts;
  const changed =
    c.householdsCreated +
    c.householdsUpdated +
    c.personsCreated +
    c.personsUpdated +
    c.personsMoved +
    c.categoriesAdded +
    c.categoriesEnded;
  const stat = (title: string, value: number, testId: string, suffix = '') => (
    <Col xs={12} sm={8} md={6}>
      <Statistic title={title} value={value} suffix={suffix} groupSeparator="," data-testid={testId} />
    </Col>
  );

  return (
    <div data-testid="import-report">
      <Alert
        type={r.failed > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 16 }}
        title={`${r.fileName}：共 ${formatCount(r.rows)} 行，导入 ${formatCount(r.ok)} 行，${
          r.failed > 0 ? `${formatCount(r.failed)} 行有错误未导入` : '没有错误'
        }（用时 ${r.seconds.toFixed(1)} 秒）`}
        description={
          r.ok > 0 && changed === 0
            ? '名册内容与库中一致，未作任何修改。'
            : '正确的行已导入；有错误的行未导入，修改后可再次导入同一文件。'
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {stat('新增家庭', c.householdsCreated, 'count-households-created', '户')}
        {stat('更新家庭', c.householdsUpdated, 'count-households-updated', '户')}
        {stat('新增人员', c.personsCreated, 'count-persons-created', '人')}
        {stat('更新人员', c.personsUpdated, 'count-persons-updated', '人')}
        {stat('迁移人员', c.personsMoved, 'count-persons-moved', '人')}
        {stat('新增救助类别', c.categoriesAdded, 'count-categories-added', '项')}
        {stat('终止救助类别', c.categoriesEnded, 'count-categories-ended', '项')}
        {stat('错误行', r.failed, 'count-failed', '行')}
      </Row>
      {r.errors.length > 0 && (
        <>
          <Typography.Title level={5}>错误明细</Typography.Title>
          {r.errorsTruncated && (
            <Typography.Paragraph type="secondary">
              仅列出前 {formatCount(r.errors.length)} 条，共 {formatCount(r.failed)} 行有错误。
            </Typography.Paragraph>
          )}
          <Table
            rowKey={(e) => `${e.row}-${e.message}`}
            size="small"
            data-testid="import-errors"
            dataSource={r.errors}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '行号', dataIndex: 'row', width: 100, render: (n: number) => `第 ${n} 行` },
              { title: '错误原因', dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </div>
  );
}
