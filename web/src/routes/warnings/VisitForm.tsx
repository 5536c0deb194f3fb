import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { useRecordVisit } from '../../api/monitoring';
import {
  VISIT_RESULT_HINTS,
  VISIT_RESULT_LABELS,
  VISIT_RESULTS,
  type VisitResult,
} from '../../lib/monitoring-labels';
import { useCurrentUser } from '../../session/current-user';

interface Values {
  visitedOn: Dayjs;
  findings: string;
  photoNotes?: string;
  result: VisitResult;
}

/**
 * 入户核查登记 — built for a phone (one column, full-width controls, large radio buttons). The visitor
 * is the signed-in user: the server records who submitted the visit.
 */
export function VisitForm({ warningId }: { warningId: number }) {
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const visit = useRecordVisit(warningId);
  const [error, setError] = useState<string | null>(null);
  const result = Form.useWatch('result', form);

  const submit = (v: Values) => {
    setError(null);
    visit.mutate(
      {
        visitedOn: v.visitedOn.format('YYYY-MM-DD'),
        findings: v.findings.trim(),
        photoNotes: v.photoNotes?.trim() || undefined,
        result: v.result,
      },
      {
        onSuccess: (d) => {
          form.resetFields();
          void message.success(`已登记入户核查，预警状态：${d.stateName}`);
        },
        onError: (e) => setError(isApiError(e) ? e.displayMessage : '提交失败，请稍后重试'),
      },
    );
  };

  return (
    <Card title="登记入户核查" data-testid="visit-form" styles={{ body: { paddingInline: 16 } }}>
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        initialValues={{ visitedOn: dayjs() }}
        onFinish={submit}
        disabled={visit.isPending}
      >
        <Form.Item name="visitedOn" label="核查日期" rules={[{ required: true, message: '请选择核查日期' }]}>
          <DatePicker
            style={{ width: '100%' }}
            inputReadOnly
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
          />
        </Form.Item>
        <Form.Item label="核查人" htmlFor="visit-visitor" extra="以当前登录人员登记">
          <Input id="visit-visitor" value={user.displayName} readOnly />
        </Form.Item>
        <Form.Item
          name="findings"
          label="核查情况"
          rules={[
            { required: true, whitespace: true, message: '请填写核查情况' },
            { min: 2, message: '核查情况至少2个字' },
            { max: 4000, message: '核查情况不超过4000字' },
          ]}
        >
          <Input.TextArea
            rows={4}
            placeholder="入户了解到的家庭情况、收入支出变化、人员状况等"
            showCount
            maxLength={4000}
          />
        </Form.Item>
        <Form.Item
          name="result"
          label="核查结论"
          rules={[{ required: true, message: '请选择核查结论' }]}
          extra={result ? VISIT_RESULT_HINTS[result] : undefined}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            size="large"
            style={{ display: 'flex', width: '100%' }}
            options={VISIT_RESULTS.map((r) => ({
              value: r,
              label: VISIT_RESULT_LABELS[r],
              style: { flex: 1, textAlign: 'center', paddingInline: 4 },
            }))}
          />
        </Form.Item>
        <Form.Item
          name="photoNotes"
          label="备注（照片说明）"
          rules={[{ max: 2000, message: '备注不超过2000字' }]}
          extra="照片暂不上传，请说明拍摄内容及纸质材料存放处"
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="visit-error" />
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          提交后记入预警的核查记录和家庭的救助时间线，不能撤回。
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" block size="large" loading={visit.isPending}>
          提交核查结果
        </Button>
      </Form>
    </Card>
  );
}
