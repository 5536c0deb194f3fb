import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Typography } from 'antd';
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
  visitors: string[];
  findings: string;
  photoNotes?: string;
  result: VisitResult;
}

/** As many as the server accepts (MAX_VISITORS in src/modules/monitoring/verify.ts). */
const MAX_VISITORS = 10;

const cleanName = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ');

/**
 * 入户核查登记 — built for a phone (one column, full-width controls, large radio buttons). 核查人员
 * lists everyone who went on the visit, one name per line, starting with the signed-in user; the
 * server also records who submitted the form.
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
        visitors: v.visitors.map(cleanName),
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
        initialValues={{ visitedOn: dayjs(), visitors: [user.displayName] }}
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
        <Form.List
          name="visitors"
          rules={[
            {
              validator: async (_, names?: string[]) => {
                if (!names?.length) throw new Error('请填写核查人员（至少一人）');
                // A blank line is reported on the line itself.
                const given = names.map(cleanName).filter(Boolean);
                if (new Set(given).size !== given.length) throw new Error('核查人员姓名重复');
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label="核查人员" required extra="一同入户的人员逐一添加">
              {fields.map((field, i) => (
                <Flex key={field.key} gap={8} style={{ marginBottom: 8 }}>
                  <Form.Item
                    name={field.name}
                    noStyle
                    validateTrigger={['onChange', 'onBlur']}
                    rules={[
                      { required: true, whitespace: true, message: '请填写核查人员姓名，或删除该行' },
                      { max: 50, message: '核查人员姓名不超过50字' },
                    ]}
                  >
                    <Input
                      aria-label={`核查人员${i + 1}`}
                      placeholder="姓名"
                      maxLength={50}
                      style={{ flex: 1, minWidth: 0 }}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      aria-label={`删除核查人员${i + 1}`}
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Flex>
              ))}
              {fields.length < MAX_VISITORS && (
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add('')}>
                  添加核查人员
                </Button>
              )}
              <Form.ErrorList errors={errors} />
            </Form.Item>
          )}
        </Form.List>
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
