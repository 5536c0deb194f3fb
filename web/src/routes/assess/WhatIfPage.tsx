import { CalculatorOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  InputNumber,
  Radio,
  Row,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/client';
import { useResolvedPolicy, useWhatIf, type WhatIfAnswer } from '../../api/policy';
import { useCurrentUser } from '../../session/current-user';
import { formFieldOf, type HouseholdValues, newMember, toHousehold } from './household-form';
import { MemberCard } from './MemberCard';
import { RegionCascader } from './RegionCascader';
import { WhatIfResult } from './WhatIfResult';

type FormShape = Omit<HouseholdValues, 'assessedOn'> & { assessedOn: Dayjs };

const money = (label: string, name: Array<string>, extra?: string) => (
  <Form.Item name={name} label={label} extra={extra}>
    <InputNumber min={0} max={100_000_000} precision={2} style={{ width: '100%' }} />
  </Form.Item>
);

/**
 * 认定试算: a worker enters a household of their region and sees the category, the monthly amounts,
 * the entitlements and the reasons under the pack in force. Nothing is saved.
 */
export default function WhatIfPage() {
  const user = useCurrentUser();
  const [form] = Form.useForm<FormShape>();
  const whatIf = useWhatIf();
  const [answer, setAnswer] = useState<{ data: WhatIfAnswer; names: Map<string, string> } | null>(null);
  const [serverErrors, setServerErrors] = useState<string[]>([]);
  const regionPath = Form.useWatch('regionPath', form) as string[] | undefined;
  const date = Form.useWatch('assessedOn', form) as Dayjs | undefined;
  const region = regionPath?.at(-1) ?? user.regionCode;
  const resolved = useResolvedPolicy(region, date?.format('YYYY-MM-DD'));

  const initialValues = useMemo<FormShape>(
    () => ({
      regionPath: [user.regionCode],
      residence: 'urban',
      assessedOn: dayjs(),
      members: [newMember('head')],
      assets: { financial: 0, vehicles: 0, extraHousing: 0, business: false },
      income12m: null,
      expenses12m: { medical: 0, education: 0, housing: 0, care: 0 },
    }),
    [user.regionCode],
  );

  const submit = (values: FormShape) => {
    const household = toHousehold({ ...values, assessedOn: values.assessedOn.format('YYYY-MM-DD') });
    const names = new Map(household.members.map((m) => [m.idNumber, m.name]));
    setServerErrors([]);
    whatIf.mutate(household, {
      onSuccess: (data) => setAnswer({ data, names }),
      onError: (e) => {
        setAnswer(null);
        if (!isApiError(e)) {
          setServerErrors(['试算失败，请稍后重试']);
          return;
        }
        const fields = Object.entries(e.fields ?? {});
        const mapped = fields.flatMap(([path, message]) => {
          const name = formFieldOf(path);
          return name ? [{ name, errors: [message] }] : [];
        });
        form.setFields(mapped as Parameters<typeof form.setFields>[0]);
        setServerErrors(fields.length > 0 ? fields.map(([p, m]) => `${p}：${m}`) : [e.displayMessage]);
      },
    });
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title="认定试算">
          <Typography.Paragraph type="secondary">
            录入一户家庭的情况，按家庭所在地在认定日期生效的政策参数包，依次审核特困、低保、低保边缘、刚性支出困难，
            给出类别、每月金额和逐条理由。试算不保存任何信息。
          </Typography.Paragraph>
          <Form<FormShape>
            form={form}
            name="whatif"
            layout="vertical"
            initialValues={initialValues}
            onFinish={submit}
            scrollToFirstError
          >
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item
                  name="regionPath"
                  label="所在地区"
                  rules={[{ required: true, message: '请选择家庭所在地区' }]}
                  extra={
                    resolved.data
                      ? `适用：${resolved.data.pack.name}（${resolved.data.pack.id} 第${resolved.data.pack.version}版）`
                      : resolved.isError
                        ? '该地区在认定日期没有生效的政策参数包'
                        : undefined
                  }
                >
                  <RegionCascader />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="residence" label="城乡类别">
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'urban', label: '城市' },
                      { value: 'rural', label: '农村' },
                    ]}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item
                  name="assessedOn"
                  label="认定日期"
                  rules={[{ required: true, message: '请选择认定日期' }]}
                >
                  <DatePicker allowClear={false} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>

            <Typography.Title level={5}>共同生活家庭成员</Typography.Title>
            <Form.List name="members">
              {(fields, { add, remove }) => (
                <Flex vertical gap={12} style={{ marginBottom: 16 }}>
                  {fields.map((field, i) => (
                    <MemberCard
                      key={field.key}
                      index={i}
                      name={field.name}
                      {...(fields.length > 1 ? { onRemove: () => remove(field.name) } : {})}
                    />
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add(newMember('child'))}
                    disabled={fields.length >= 50}
                  >
                    添加成员
                  </Button>
                </Flex>
              )}
            </Form.List>

            <Typography.Title level={5}>家庭财产</Typography.Title>
            <Row gutter={12}>
              <Col xs={12} md={6}>
                {money('金融资产（元）', ['assets', 'financial'])}
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={['assets', 'vehicles']} label="机动车（辆）">
                  <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={['assets', 'extraHousing']} label="自住以外住房（套）">
                  <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name={['assets', 'business']} label="登记经营主体" valuePropName="checked">
                  <Switch checkedChildren="有" unCheckedChildren="无" />
                </Form.Item>
              </Col>
            </Row>

            <Typography.Title level={5}>近12个月收入与必要支出</Typography.Title>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                {money('家庭总收入（元）', ['income12m'], '不填则按成员月收入合计 × 12')}
              </Col>
              <Col xs={12} md={4}>
                {money('医疗支出（元）', ['expenses12m', 'medical'])}
              </Col>
              <Col xs={12} md={4}>
                {money('教育支出（元）', ['expenses12m', 'education'])}
              </Col>
              <Col xs={12} md={4}>
                {money('住房支出（元）', ['expenses12m', 'housing'])}
              </Col>
              <Col xs={12} md={4}>
                {money('照护支出（元）', ['expenses12m', 'care'])}
              </Col>
            </Row>

            {serverErrors.length > 0 && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="whatif-errors"
                title="试算未完成"
                description={
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {serverErrors.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                }
              />
            )}
            <Space>
              <Button
                type="primary"
                htmlType="submit"
                icon={<CalculatorOutlined />}
                loading={whatIf.isPending}
              >
                试算
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setAnswer(null);
                  setServerErrors([]);
                }}
              >
                清空
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <div style={{ position: 'sticky', top: 16 }}>
          {answer ? (
            <WhatIfResult answer={answer.data} names={answer.names} />
          ) : (
            <Card title="试算结果">
              <Empty description="填写左侧表单后点击“试算”" />
            </Card>
          )}
        </div>
      </Col>
    </Row>
  );
}
