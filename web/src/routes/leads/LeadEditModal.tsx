import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { type Lead, type LeadUpdate, useUpdateLead } from '../../api/monitoring';
import { LEAD_STATUS_LABELS } from '../../lib/monitoring-labels';

interface Values {
  status: NonNullable<LeadUpdate['status']>;
  note?: string;
  regionCode?: string;
}

const STATUSES = (['open', 'contacted', 'applied', 'dismissed'] as const).map((s) => ({
  value: s,
  label: LEAD_STATUS_LABELS[s],
}));

/** Follow up a lead: its status, a note, or pass it to a town/village (12-digit region code). */
export function LeadEditModal({ lead, onClose }: { lead: Lead | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateLead();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (lead) {
      setError(null);
      form.setFieldsValue({
        status: lead.status === 'matched' ? 'open' : (lead.status as Values['status']),
        note: lead.note ?? '',
        regionCode: undefined,
      });
    }
  }, [lead, form]);

  const submit = (v: Values) => {
    if (!lead) return;
    update.mutate(
      {
        id: lead.id,
        status: v.status,
        note: v.note?.trim() ?? undefined,
        regionCode: v.regionCode?.trim() || undefined,
      },
      {
        onSuccess: () => {
          void message.success('线索已更新');
          onClose();
        },
        onError: (e) => setError(isApiError(e) ? e.displayMessage : '保存失败，请稍后重试'),
      },
    );
  };

  return (
    <Modal
      open={lead !== null}
      title={lead ? `跟进线索：${lead.name}` : ''}
      okText="保存"
      cancelText="取消"
      confirmLoading={update.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="status" label="跟进状态" rules={[{ required: true, message: '请选择跟进状态' }]}>
          <Select options={STATUSES} />
        </Form.Item>
        <Form.Item name="note" label="备注" rules={[{ max: 2000, message: '备注不超过2000字' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label="转交至（乡镇或村的12位行政区划代码）"
          rules={[{ pattern: /^\d{12}$/, message: '行政区划代码应为12位数字' }]}
          extra="可选：转交给辖区内的乡镇(街道)或村(居)跟进"
        >
          <Input inputMode="numeric" maxLength={12} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
