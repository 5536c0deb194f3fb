import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { type NewApiKey, useCreateApiKey, useFeedTypes } from '../../api/feeds';

/**
 * Creates a department key. The key is shown once, with a copy button and a warning: the server keeps
 * only its hash.
 */
export function CreateKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<NewApiKey>();
  const types = useFeedTypes();
  const create = useCreateApiKey();
  const [error, setError] = useState<string | null>(null);
  const key = create.data?.key;

  const close = () => {
    form.resetFields();
    create.reset();
    setError(null);
    onClose();
  };

  const submit = (v: NewApiKey) => {
    setError(null);
    create.mutate(
      { ...v, regionCode: v.regionCode?.trim() || undefined },
      { onError: (e) => setError(isApiError(e) ? e.displayMessage : '创建失败，请稍后重试') },
    );
  };

  return (
    <Modal
      open={open}
      title={key ? '密钥已创建' : '新建部门系统密钥'}
      onCancel={close}
      maskClosable={!key}
      destroyOnHidden
      footer={
        key ? (
          <Button type="primary" onClick={close}>
            我已妥善保存
          </Button>
        ) : (
          [
            <Button key="cancel" onClick={close}>
              取消
            </Button>,
            <Button key="ok" type="primary" loading={create.isPending} onClick={() => form.submit()}>
              创建
            </Button>,
          ]
        )
      }
    >
      {key ? (
        <>
          <Alert
            type="warning"
            showIcon
            title="密钥只显示这一次"
            description="关闭后无法再次查看，请立即复制并通过安全渠道转交部门系统管理员；如遗失，请吊销后重新创建。"
            style={{ marginBottom: 16 }}
          />
          <Typography.Paragraph
            copyable={{ text: key, tooltips: ['复制', '已复制'] }}
            code
            style={{ wordBreak: 'break-all' }}
            data-testid="new-api-key"
          >
            {key}
          </Typography.Paragraph>
        </>
      ) : (
        <Form<NewApiKey> form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="name"
            label="名称"
            rules={[
              { required: true, whitespace: true, message: '请填写名称' },
              { min: 2, message: '至少2个字' },
            ]}
          >
            <Input placeholder="如：区医保结算系统" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="department"
            label="部门"
            rules={[{ required: true, whitespace: true, message: '请填写部门' }]}
          >
            <Input placeholder="如：医保" maxLength={50} />
          </Form.Item>
          <Form.Item
            name="feedTypes"
            label="可推送的数据类型"
            rules={[{ required: true, message: '请至少选择一种数据类型' }]}
          >
            <Select
              mode="multiple"
              loading={types.isPending}
              options={(types.data ?? []).map((t) => ({
                value: t.type,
                label: `${t.name}（${t.department}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label="部门所在区划（12位代码）"
            rules={[{ pattern: /^\d{12}$/, message: '行政区划代码应为12位数字' }]}
            extra="可选，默认为您所在的区划"
          >
            <Input inputMode="numeric" maxLength={12} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} />}
        </Form>
      )}
    </Modal>
  );
}
