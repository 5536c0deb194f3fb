import { Alert, Descriptions, Flex, List, Progress, Skeleton, Typography } from 'antd';
import { batchFinished, useBatch, useBatchErrors } from '../../api/feeds';
import { formatCount, formatDateTime } from '../../lib/format';
import { BATCH_SOURCE_LABELS } from '../../lib/monitoring-labels';
import { PageError } from '../shared/PageError';

/** One batch: the progress while it loads and its incremental run goes, then the counts and row errors. */
export function BatchReport({ id }: { id: number }) {
  const q = useBatch(id);
  const { batch, run } = q.data ?? {};
  const errors = useBatchErrors(
    id,
    batch !== undefined && batch.status !== 'running' && batch.counts.rejected > 0,
  );

  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <PageError error={q.error} onRetry={() => void q.refetch()} />;
  if (!batch) return null;
  const done = batchFinished(q.data);
  const percent =
    batch.status === 'running'
      ? batch.progress.bytesTotal
        ? Math.min(99, Math.round((batch.progress.bytesRead / batch.progress.bytesTotal) * 100))
        : 0
      : 100;

  return (
    <Flex vertical gap={12} data-testid="batch-report">
      <Typography.Text strong>
        {batch.feedTypeName} · {batch.fileName ?? BATCH_SOURCE_LABELS[batch.source] ?? batch.source}
      </Typography.Text>
      {batch.status === 'running' && (
        <div>
          <Typography.Text>正在导入，已读 {formatCount(batch.progress.rowsRead)} 行</Typography.Text>
          <Progress percent={percent} status="active" />
        </div>
      )}
      {batch.status !== 'running' && run?.status === 'running' && (
        <div>
          <Typography.Text>
            导入完成，正在比对预警：{formatCount(run.householdsDone)} / {formatCount(run.householdsTotal)} 户
          </Typography.Text>
          <Progress
            percent={run.householdsTotal ? Math.round((run.householdsDone / run.householdsTotal) * 100) : 0}
            status="active"
          />
        </div>
      )}
      {batch.status === 'duplicate' && (
        <Alert
          type="info"
          showIcon
          title={`该文件已导入过（批次 #${batch.duplicateOf ?? '—'}），本次未重复导入`}
        />
      )}
      {batch.status === 'failed' && (
        <Alert type="error" showIcon title="导入失败" description={batch.fileError ?? '请检查文件后重试'} />
      )}
      {batch.status === 'done' && done && (
        <Alert
          type={batch.counts.rejected > 0 ? 'warning' : 'success'}
          showIcon
          data-testid="batch-done"
          title={`导入完成：新增 ${formatCount(batch.counts.added)} 行，匹配在库人员 ${formatCount(batch.counts.matched)} 行，新线索 ${formatCount(batch.counts.leads)} 条${run ? `，新增预警 ${formatCount(run.warningsRaised)} 条` : ''}`}
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="状态">{batch.statusName}</Descriptions.Item>
        <Descriptions.Item label="来源">
          {BATCH_SOURCE_LABELS[batch.source] ?? batch.source}
          {batch.department ? ` · ${batch.department}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="导入人">{batch.uploadedBy}</Descriptions.Item>
        <Descriptions.Item label="新增行">{formatCount(batch.counts.added)}</Descriptions.Item>
        <Descriptions.Item label="重复行（已导入过）">
          {formatCount(batch.counts.duplicate)}
        </Descriptions.Item>
        <Descriptions.Item label="错误行">{formatCount(batch.counts.rejected)}</Descriptions.Item>
        <Descriptions.Item label="匹配在库">{formatCount(batch.counts.matched)}</Descriptions.Item>
        <Descriptions.Item label="新线索">{formatCount(batch.counts.leads)}</Descriptions.Item>
        <Descriptions.Item label="开始时间">{formatDateTime(batch.startedAt)}</Descriptions.Item>
      </Descriptions>
      {run && run.notes.length > 0 && (
        <Alert type="info" showIcon title="监测说明" description={run.notes.join('；')} />
      )}
      {run?.error && <Alert type="error" showIcon title="监测运行出错" description={run.error} />}
      {batch.counts.rejected > 0 && (
        <List
          size="small"
          bordered
          data-testid="batch-errors"
          loading={errors.isPending}
          header={
            <Typography.Text strong>
              逐行错误（{formatCount(batch.counts.rejected)} 行未导入
              {errors.data && errors.data.total > errors.data.items.length
                ? `，显示前 ${errors.data.items.length} 条`
                : ''}
              ）
            </Typography.Text>
          }
          dataSource={errors.data?.items ?? []}
          renderItem={(e) => <List.Item key={`${e.rowNumber}-${e.message}`}>{e.message}</List.Item>}
          style={{ maxHeight: 360, overflow: 'auto' }}
        />
      )}
    </Flex>
  );
}
