import { Alert, Progress, Skeleton, Typography } from 'antd';
import { isApiError } from '../../api/client';
import { type ImportJob, useImportJob } from '../../api/registry-import';
import { formatCount } from '../../lib/format';
import { ImportReportView } from './ImportReportView';

const PHASE_TEXT: Record<ImportJob['progress']['phase'], string> = {
  reading: '正在读取并逐行校验',
  checking: '正在核对辖区与重复数据',
  merging: '正在写入数据库',
  done: '导入完成',
  failed: '导入失败',
};

function percentOf(p: ImportJob['progress']): number {
  if (p.phase === 'done') return 100;
  if (p.phase === 'merging') return 95;
  if (p.phase === 'checking') return 90;
  return p.totalBytes > 0 ? Math.min(89, Math.round((p.bytes / p.totalBytes) * 89)) : 5;
}

/** One import: its progress while it runs (polled), then its report. */
export function ImportStatus({ id }: { id: string }) {
  const job = useImportJob(id);
  if (job.isPending) return <Skeleton active />;
  if (job.isError)
    return (
      <Alert
        type="error"
        showIcon
        title={isApiError(job.error) ? job.error.displayMessage : '无法读取导入进度'}
      />
    );
  const { progress, report, error } = job.data;
  if (progress.phase === 'failed' || error)
    return (
      <Alert
        type="error"
        showIcon
        title="导入失败"
        description={error?.message ?? '导入失败，请联系管理员'}
      />
    );
  if (report) return <ImportReportView report={report} />;
  return (
    <div data-testid="import-progress">
      <Typography.Text>
        {PHASE_TEXT[progress.phase]}
        {progress.rows > 0 ? `，已处理 ${formatCount(progress.rows)} 行` : ''}……
      </Typography.Text>
      <Progress percent={percentOf(progress)} status="active" />
    </div>
  );
}
