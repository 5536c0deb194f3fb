import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import type { Member } from '../../api/households';
import {
  CARE_OPTIONS,
  DISABILITY_TYPE_OPTIONS,
  LABOR_OPTIONS,
  RELATION_OPTIONS,
  RESIDENCE_OPTIONS,
  STUDENT_OPTIONS,
  SUPPORTER_OPTIONS,
} from '../../lib/household-labels';
import { idNumberProblem } from '../../lib/id-number';
import { NONE } from './edit-form';
import { RegionPicker } from './RegionPicker';

const GRADE_OPTIONS = [
  { value: 0, label: '无残疾' },
  { value: 1, label: '一级' },
  { value: 2, label: '二级' },
  { value: 3, label: '三级' },
  { value: 4, label: '四级' },
];

/** The attributes of one member that a worker may correct. */
export function MemberFields({ member }: { member: Member }) {
  const form = Form.useFormInstance();
  const grade = Form.useWatch('disabilityGrade', form) as number | undefined;
  return (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="relation" label="与户主关系">
          <Select options={RELATION_OPTIONS} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item
          name="idNumber"
          label="更正身份证号"
          extra={`当前：${member.idNumberMasked}。无须更正请留空。`}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const problem = v?.trim() ? idNumberProblem(v) : null;
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" placeholder="18位身份证号码" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="monthlyIncome"
          label="月收入（元）"
          rules={[{ required: true, message: '请填写月收入（无收入填0）' }]}
        >
          <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="laborCapacity" label="劳动能力">
          <Select options={LABOR_OPTIONS} />
        </Form.Item>
      </Col>
      <Col xs={12}>
        <Form.Item name="disabilityGrade" label="残疾等级">
          <Select options={GRADE_OPTIONS} />
        </Form.Item>
      </Col>
      <Col xs={12}>
        <Form.Item
          name="disabilityType"
          label="残疾类别"
          rules={[{ required: (grade ?? 0) > 0, message: '请选择残疾类别' }]}
        >
          <Select options={DISABILITY_TYPE_OPTIONS} disabled={!grade} placeholder="无" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6}>
        <Form.Item name="seriousIllness" label="重病" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Col>
      <Col xs={12} sm={6}>
        <Form.Item name="employed" label="就业" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="studentStage" label="在学阶段">
          <Select options={[{ value: NONE, label: '不在学' }, ...STUDENT_OPTIONS]} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="careLevel" label="照料等级">
          <Select options={[{ value: NONE, label: '未评定' }, ...CARE_OPTIONS]} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="supporter" label="赡养（抚养、扶养）义务人">
          <Select options={SUPPORTER_OPTIONS} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The household's own facts: address, urban/rural, village, head. */
export function HouseholdFields({ members }: { members: Member[] }) {
  const living = members.filter((m) => m.deathDate === null);
  return (
    <Row gutter={12}>
      <Col xs={24}>
        <Form.Item
          name="address"
          label="家庭住址"
          rules={[{ required: true, whitespace: true, message: '请填写家庭住址' }]}
        >
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="residence" label="城乡类别">
          <Select options={RESIDENCE_OPTIONS} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="headPersonId" label="户主">
          <Select
            options={living.map((m) => ({ value: m.personId, label: `${m.name}（${m.relationName}）` }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item
          name="regionCode"
          label="所在村(居)"
          rules={[{ pattern: /^\d{12}$/, message: '请选择村(居)' }]}
        >
          <RegionPicker villagesOnly placeholder="选择村(居)" />
        </Form.Item>
      </Col>
    </Row>
  );
}
