import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { birthDateOf, idNumberProblem } from '../../lib/id-number';

const RELATIONS = [
  { value: 'head', label: '户主' },
  { value: 'spouse', label: '配偶' },
  { value: 'child', label: '子女' },
  { value: 'parent', label: '父母' },
  { value: 'grandchild', label: '孙子女' },
  { value: 'grandparent', label: '祖父母' },
  { value: 'sibling', label: '兄弟姐妹' },
  { value: 'other', label: '其他' },
];
const LABOR = [
  { value: 'full', label: '有劳动能力' },
  { value: 'partial', label: '部分丧失劳动能力' },
  { value: 'none', label: '无劳动能力' },
];
const GRADES = [
  { value: 0, label: '无残疾' },
  { value: 1, label: '一级' },
  { value: 2, label: '二级' },
  { value: 3, label: '三级' },
  { value: 4, label: '四级' },
];
const DISABILITY_TYPES = [
  { value: 'visual', label: '视力' },
  { value: 'hearing', label: '听力' },
  { value: 'speech', label: '言语' },
  { value: 'physical', label: '肢体' },
  { value: 'intellectual', label: '智力' },
  { value: 'mental', label: '精神' },
  { value: 'multiple', label: '多重' },
];
const STUDENT = [
  { value: 'none', label: '不在校' },
  { value: 'preschool', label: '学前' },
  { value: 'primary', label: '小学' },
  { value: 'junior', label: '初中' },
  { value: 'senior', label: '高中' },
  { value: 'vocational', label: '中职' },
  { value: 'college', label: '高校' },
];
const CARE = [
  { value: 'self', label: '全自理' },
  { value: 'half', label: '半护理' },
  { value: 'full', label: '全护理' },
];
const SUPPORTER = [
  { value: 'none', label: '无' },
  { value: 'unable', label: '有，但无赡养（抚养、扶养）能力' },
  { value: 'able', label: '有，且有能力' },
];

interface Props {
  index: number;
  /** The Form.List field name of this member. */
  name: number;
  onRemove?: () => void;
}

/** One co-resident family member 共同生活家庭成员 (SPEC §4.1). */
export function MemberCard({ index, name, onRemove }: Props) {
  const form = Form.useFormInstance();
  const grade = Form.useWatch(['members', name, 'disabilityGrade'], form) as number | undefined;
  const idNumber = (Form.useWatch(['members', name, 'idNumber'], form) as string | undefined) ?? '';
  const idOk = idNumber.length === 18 && idNumberProblem(idNumber) === null;

  return (
    <Card
      size="small"
      title={`成员 ${index + 1}`}
      data-testid={`member-${index}`}
      extra={
        onRemove && (
          <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove}>
            删除
          </Button>
        )
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <Form.Item
            name={[name, 'idNumber']}
            label="身份证号"
            extra={idOk ? `出生日期 ${birthDateOf(idNumber.toUpperCase())}` : undefined}
            rules={[
              { required: true, message: '请填写身份证号码' },
              {
                validator: async (_, v: string | undefined) => {
                  const problem = v ? idNumberProblem(v) : null;
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={12} md={7}>
          <Form.Item
            name={[name, 'name']}
            label="姓名"
            rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}
          >
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={12} md={7}>
          <Form.Item name={[name, 'relation']} label="与户主关系">
            <Select options={RELATIONS} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={[name, 'monthlyIncome']}
            label="月收入（元）"
            rules={[{ required: true, message: '请填写月收入' }]}
          >
            <InputNumber min={0} max={100_000_000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'laborCapacity']} label="劳动能力">
            <Select options={LABOR} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'disabilityGrade']} label="残疾等级">
            <Select options={GRADES} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item
            name={[name, 'disabilityType']}
            label="残疾类别"
            rules={[{ required: Boolean(grade), message: '请选择残疾类别' }]}
          >
            <Select options={DISABILITY_TYPES} disabled={!grade} allowClear placeholder="—" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'student']} label="在校学段">
            <Select options={STUDENT} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'careLevel']} label="护理等级">
            <Select options={CARE} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={[name, 'supporter']} label="法定赡养（抚养、扶养）义务人">
            <Select options={SUPPORTER} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'seriousIllness']} valuePropName="checked" label="重病">
            <Checkbox>患重特大疾病</Checkbox>
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={[name, 'employed']} valuePropName="checked" label="就业">
            <Checkbox>已就业</Checkbox>
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
