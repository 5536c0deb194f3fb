import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { type HandlingInput, useHandleWarning, type WarningDetail } from '../../api/monitoring';
import { HANDLING_ROUTES, type HandlingRoute, ROUTE_LABELS } from '../../lib/monitoring-labels';

interface Values {
  route: HandlingRoute;
  reason?: string;
  departments?: string[];
  decision?: string;
  conferenceDate?: Dayjs;
}

/** Departments a need is commonly pushed to; others can be typed in. */
const DEPARTMENTS = [
  '教育',
  '人社',
  '医保',
  '卫健',
  '住建',
  '残联',
  '应急',
  '农业农村',
  '公安',
  '市场监管',
  '税务',
];

/** What each route asks for, per the server's handling schema. */
const REASON_LABEL: Partial<Record<HandlingRoute, string>> = {
  implement_policy: '落实情况',
  inform_and_apply: '告知与申请情况',
  verify_and_terminate: '终止理由',
  no_action: '无需处置的理由',
};
const REASON_REQUIRED: Partial<Record<HandlingRoute, boolean>> = {
  implement_policy: true,
  verify_and_terminate: true,
  no_action: true,
};
const WITH_DEPARTMENTS: readonly HandlingRoute[] = ['implement_policy', 'inform_and_apply'];

function toInput(v: Values): HandlingInput {
  const reason = v.reason?.trim() || undefined;
  const departments = v.departments?.length ? v.departments : undefined;
  switch (v.route) {
    case 'implement_policy':
      return { route: v.route, reason: reason ?? '', departments };
    case 'inform_and_apply':
      return { route: v.route, reason, departments };
    case 'case_conference':
      return {
        route: v.route,
        decision: v.decision?.trim() ?? '',
        conferenceDate: v.conferenceDate?.format('YYYY-MM-DD') ?? '',
      };
    default:
      return { route: v.route, reason: reason ?? '' };
  }
}

/** 分类处置 of a verified warning: one route with the fields that route requires. */
export function HandlingForm({ warning }: { warning: WarningDetail }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const handle = useHandleWarning(warning.id);
  const [error, setError] = useState<string | null>(null);
  const route = Form.useWatch('route', form);
  const suggested = (HANDLING_ROUTES as readonly string[]).includes(warning.suggestedRoute)
    ? (warning.suggestedRoute as HandlingRoute)
    : undefined;
  const routes = HANDLING_ROUTES.filter((r) => r !== 'case_conference' || warning.permissions.caseConference);

  const submit = (v: Values) => {
    setError(null);
    handle.mutate(toInput(v), {
      onSuccess: (d) => void message.success(`已处置：${d.handling?.routeName ?? ''}`),
      onError: (e) => setError(isApiError(e) ? e.displayMessage : '提交失败，请稍后重试'),
    });
  };

  return (
    <Card title="分类处置" data-testid="handling-form">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          route:
            suggested !== 'case_conference' || warning.permissions.caseConference ? suggested : undefined,
        }}
        onFinish={submit}
        disabled={handle.isPending}
      >
        <Form.Item name="route" label="处置方式" rules={[{ required: true, message: '请选择处置方式' }]}>
          <Radio.Group>
            <Space orientation="vertical">
              {routes.map((r) => (
                <Radio key={r} value={r}>
                  {ROUTE_LABELS[r]}
                  {r === suggested && <Typography.Text type="secondary">（系统建议）</Typography.Text>}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        {!warning.permissions.caseConference && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -12 }}>
            情况复杂需“一事一议”的，请报县级社会救助协调机制研究决定。
          </Typography.Paragraph>
        )}
        {route && route !== 'case_conference' && (
          <Form.Item
            name="reason"
            label={REASON_LABEL[route]}
            rules={[
              {
                required: REASON_REQUIRED[route] === true,
                whitespace: true,
                message: `请填写${REASON_LABEL[route]}`,
              },
              { min: 2, message: '至少2个字' },
              { max: 2000, message: '不超过2000字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
        )}
        {route && WITH_DEPARTMENTS.includes(route) && (
          <Form.Item
            name="departments"
            label="推送责任部门"
            htmlFor="handling-departments"
            extra="可选，可输入其他部门"
          >
            <Select
              id="handling-departments"
              mode="tags"
              placeholder="选择或输入部门"
              options={DEPARTMENTS.map((d) => ({ value: d, label: d }))}
            />
          </Form.Item>
        )}
        {route === 'case_conference' && (
          <>
            <Form.Item
              name="conferenceDate"
              label="会议日期"
              rules={[{ required: true, message: '请选择会议日期' }]}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item
              name="decision"
              label="一事一议决定"
              rules={[
                { required: true, whitespace: true, message: '请填写一事一议决定' },
                { min: 2, message: '至少2个字' },
                { max: 2000, message: '不超过2000字' },
              ]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </>
        )}
        {route === 'verify_and_terminate' && warning.type !== 'death' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="提交后请在家庭页面办理退出（系统暂不能自动终止救助类别）"
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            style={{ marginBottom: 16 }}
            data-testid="handling-error"
          />
        )}
        <Button type="primary" htmlType="submit" loading={handle.isPending} data-testid="handling-submit">
          提交处置
        </Button>
      </Form>
    </Card>
  );
}
