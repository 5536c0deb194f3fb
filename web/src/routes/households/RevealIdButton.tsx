import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useRevealId } from '../../api/households';

interface Props {
  householdId: number;
  personId: number;
  name: string;
}

/**
 * 查看完整号码: an explicit, audited act. The worker states why; the number is shown once, in the
 * dialog, and forgotten when it closes.
 */
export function RevealIdButton({ householdId, personId, name }: Props) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useRevealId(householdId);
  const close = () => {
    setOpen(false);
    reveal.reset();
    form.resetFields();
  };

  return (
    <>
      <Button
        type="link"
        size="small"
        icon={<EyeOutlined />}
        onClick={() => setOpen(true)}
        data-testid={`reveal-${personId}`}
      >
        查看完整号码
      </Button>
      <Modal
        open={open}
        title={`查看 ${name} 的完整身份证号码`}
        onCancel={close}
        destroyOnHidden
        footer={
          reveal.data ? (
            <Button type="primary" onClick={close}>
              关闭
            </Button>
          ) : (
            [
              <Button key="cancel" onClick={close}>
                取消
              </Button>,
              <Button key="ok" type="primary" loading={reveal.isPending} onClick={() => form.submit()}>
                查看
              </Button>,
            ]
          )
        }
      >
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="此操作将记入审计日志"
          description="查看人、时间和理由都会被记录。请仅在办理业务确有需要时查看，不要抄录或外传。"
        />
        {reveal.data ? (
          <Typography.Paragraph>
            身份证号码：
            <Typography.Text strong copyable style={{ fontFamily: 'monospace', fontSize: 16 }}>
              {reveal.data.idNumber}
            </Typography.Text>
          </Typography.Paragraph>
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate({ personId, reason: v.reason })}>
            <Form.Item
              name="reason"
              label="查看理由"
              rules={[
                { required: true, whitespace: true, message: '请填写查看完整身份证号码的理由' },
                { min: 2, message: '理由至少2个字' },
              ]}
            >
              <Input.TextArea
                rows={2}
                maxLength={200}
                showCount
                placeholder="例如：办理医疗救助须核对身份证号"
              />
            </Form.Item>
            {reveal.isError && (
              <Alert
                type="error"
                showIcon
                title={isApiError(reveal.error) ? reveal.error.displayMessage : '查看失败，请稍后重试'}
              />
            )}
          </Form>
        )}
      </Modal>
    </>
  );
}
