import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Progress, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { feedTemplateHref, uploadFeedFile, useFeedTypes } from '../../api/feeds';
import { FeedColumns } from './FeedColumns';

const MAX_MB = 512;

/** Choose the feed type, then choose or drop the file; the upload shows its progress, then the batch opens. */
export function FeedUploader({ onStarted }: { onStarted: (batchId: number) => void }) {
  const types = useFeedTypes();
  const [feedType, setFeedType] = useState<string | undefined>(undefined);
  const [percent, setPercent] = useState<number | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const uploading = percent !== null;
  const chosen = types.data?.find((t) => t.type === feedType);

  return (
    <>
      <Form layout="vertical">
        <Form.Item
          label="数据类型"
          htmlFor="feed-type"
          required
          extra={chosen ? `${chosen.department} · ${chosen.signal}` : undefined}
        >
          <Select
            id="feed-type"
            placeholder="请选择部门数据类型"
            loading={types.isPending}
            value={feedType}
            onChange={(v: string) => {
              setFeedType(v);
              setError(null);
            }}
            options={(types.data ?? []).map((t) => ({
              value: t.type,
              label: `${t.name}（${t.department}）`,
            }))}
            style={{ maxWidth: 360 }}
            data-testid="feed-type"
          />
        </Form.Item>
      </Form>
      {chosen && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="feed-template">
          <Typography.Text type="secondary">
            导入模板（中文表头和一行示例，导入前删除示例行）：
          </Typography.Text>
          <Button icon={<DownloadOutlined />} href={feedTemplateHref(chosen.type, 'xlsx')} download>
            Excel 模板
          </Button>
          <Button icon={<DownloadOutlined />} href={feedTemplateHref(chosen.type, 'csv')} download>
            CSV 模板
          </Button>
        </Space>
      )}
      {chosen && <FeedColumns feed={chosen} />}
      <Upload.Dragger
        name="file"
        accept=".csv,.xlsx"
        multiple={false}
        showUploadList={false}
        disabled={uploading || !feedType}
        data-testid="feed-upload"
        beforeUpload={(file) => {
          setError(null);
          if (!/\.(csv|xlsx)$/i.test(file.name)) {
            setError('只能导入 .csv 或 .xlsx 文件');
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_MB * 1024 * 1024) {
            setError(`文件超过 ${MAX_MB} MB，请分批上传或使用命令行导入`);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file }) => {
          if (!feedType) return;
          const f = file as File;
          setFileName(f.name);
          setPercent(0);
          uploadFeedFile(feedType, f, setPercent)
            .then((batch) => onStarted(batch.id))
            .catch((e: unknown) => setError(isApiError(e) ? e.displayMessage : '上传失败，请稍后重试'))
            .finally(() => setPercent(null));
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{feedType ? '点击选择或将文件拖到此处' : '请先选择数据类型'}</p>
        <p className="ant-upload-hint">
          .csv（UTF-8）或 .xlsx，首行为表头（中文或英文），按身份证号与数据库比对
        </p>
      </Upload.Dragger>
      {uploading && (
        <div style={{ marginTop: 12 }} data-testid="feed-upload-progress">
          <Typography.Text>正在上传 {fileName}</Typography.Text>
          <Progress percent={percent} status="active" />
        </div>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={error}
          data-testid="feed-upload-error"
        />
      )}
    </>
  );
}
