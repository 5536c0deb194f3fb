import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { type Lead, useRevealLeadId } from '../../api/monitoring';

/** The audited reveal of a lead's full ID number, with a reason. */
export function LeadRevealButton({ lead }: { lead: Lead }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reveal = useRevealLeadId();
  const close = () => {
    setOpen(false);
    setReason('');
    reveal.reset();
  };
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<EyeOutlined />}
        aria-label="查看完整身份证号"
        onClick={() => setOpen(true)}
      />
      <Modal
        open={open}
        title={`查看 ${lead.name} 的身份证号`}
        okText="查看"
        cancelText="关闭"
        okButtonProps={{ disabled: reason.trim().length < 2 || reveal.isSuccess }}
        confirmLoading={reveal.isPending}
        onOk={() => reveal.mutate({ id: lead.id, reason: reason.trim() })}
        onCancel={close}
      >
        <Typography.Paragraph type="warning">此操作将记入审计日志。</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label="查看理由" htmlFor={`lead-reveal-${lead.id}`}>
            <Input id={`lead-reveal-${lead.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Form.Item>
        </Form>
        {reveal.isSuccess && (
          <Typography.Text strong copyable style={{ fontFamily: 'monospace' }}>
            {reveal.data.idNumber}
          </Typography.Text>
        )}
        {reveal.isError && (
          <Alert
            type="error"
            showIcon
            title={isApiError(reveal.error) ? reveal.error.displayMessage : '查看失败'}
          />
        )}
      </Modal>
    </>
  );
}
