import { InboxOutlined } from '@ant-design/icons';
import { Alert, Form, Progress, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { type ImportJob, uploadRegistryFile } from '../../api/registry-import';
import { SOURCE_LABELS } from '../../lib/household-labels';

const MAX_MB = 512;
const SOURCE_OPTIONS = ['registry_import', 'department_feed', 'department_return', 'home_visit'].map((v) => ({
  value: v,
  label: SOURCE_LABELS[v] ?? v,
}));

/** Choose (or drop) a CSV/XLSX roster; the upload shows its progress, then the import starts. */
export function ImportUploader({ onStarted }: { onStarted: (job: ImportJob) => void }) {
  const [source, setSource] = useState('registry_import');
  const [percent, setPercent] = useState<number | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const uploading = percent !== null;

  return (
    <>
      <Form layout="vertical">
        <Form.Item
          label="信息来源"
          htmlFor="import-source"
          extra="名册中各项信息的来源，记入每项信息的修改历史"
        >
          <Select
            id="import-source"
            value={source}
            onChange={setSource}
            options={SOURCE_OPTIONS}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
      </Form>
      <Upload.Dragger
        name="file"
        accept=".csv,.xlsx"
        multiple={false}
        showUploadList={false}
        disabled={uploading}
        data-testid="import-upload"
        beforeUpload={(file) => {
          setError(null);
          if (!/\.(csv|xlsx)$/i.test(file.name)) {
            setError('只能导入 .csv 或 .xlsx 文件');
            return Upload.LIST_IGNORE;
          }
          if (file.size > MAX_MB * 1024 * 1024) {
            setError(`文件超过 ${MAX_MB} MB，请分批导入或使用命令行导入`);
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file }) => {
          const f = file as File;
          setFileName(f.name);
          setPercent(0);
          uploadRegistryFile(f, { source, onProgress: setPercent })
            .then((job) => onStarted(job))
            .catch((e: unknown) => setError(isApiError(e) ? e.displayMessage : '上传失败，请稍后重试'))
            .finally(() => setPercent(null));
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击选择或将名册文件拖到此处</p>
        <p className="ant-upload-hint">支持按模板填写的 .csv（UTF-8）和 .xlsx 文件，表头可为中文或英文</p>
      </Upload.Dragger>
      {uploading && (
        <div style={{ marginTop: 12 }} data-testid="upload-progress">
          <Typography.Text>正在上传 {fileName}</Typography.Text>
          <Progress percent={percent} status="active" />
        </div>
      )}
      {error && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} data-testid="upload-error" />
      )}
    </>
  );
}
