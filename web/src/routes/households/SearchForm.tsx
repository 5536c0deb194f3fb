import { SearchOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, Row, Select, Space } from 'antd';
import type { SearchCriteria } from '../../api/households';
import { idNumberProblem } from '../../lib/id-number';
import { CATEGORIES, CATEGORY_LABELS, type Category } from '../../lib/labels';
import { RegionPicker } from './RegionPicker';

interface Values {
  idNumber?: string;
  name?: string;
  householdNo?: string;
  region?: string;
  category?: Category;
}

interface Props {
  initial: SearchCriteria;
  /** The user's own region: the picker's default and what "重置" returns to. */
  ownRegion: string;
  onSearch: (criteria: SearchCriteria) => void;
}

const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));

/** 检索条件: any of ID number, name, household number, within a region, optionally one category. */
export function SearchForm({ initial, ownRegion, onSearch }: Props) {
  const [form] = Form.useForm<Values>();
  const submit = (v: Values) =>
    onSearch({
      idNumber: v.idNumber?.trim().toUpperCase() || undefined,
      name: v.name?.trim() || undefined,
      householdNo: v.householdNo?.trim() || undefined,
      region: v.region,
      category: v.category,
    });

  return (
    <Form<Values>
      form={form}
      name="registry-search"
      layout="vertical"
      initialValues={{ ...initial, region: initial.region ?? ownRegion }}
      onFinish={submit}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item
            name="idNumber"
            label="身份证号"
            rules={[
              {
                validator: (_, v: string | undefined) => {
                  const problem = v?.trim() ? idNumberProblem(v) : null;
                  return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                },
              },
            ]}
          >
            <Input allowClear maxLength={18} placeholder="18位身份证号码" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="name" label="姓名">
            <Input allowClear maxLength={40} placeholder="姓名（可只输入开头几个字）" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="householdNo" label="户编号">
            <Input allowClear maxLength={40} placeholder="户编号（可只输入开头部分）" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="category" label="救助类别">
            <Select allowClear options={CATEGORY_OPTIONS} placeholder="全部类别" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={12}>
          <Form.Item name="region" label="所在地区">
            <RegionPicker placeholder="本辖区全部" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={12}>
          <Form.Item label=" " colon={false}>
            <Space wrap>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                检索
              </Button>
              <Button
                onClick={() => {
                  form.setFieldsValue({
                    idNumber: undefined,
                    name: undefined,
                    householdNo: undefined,
                    category: undefined,
                    region: ownRegion,
                  });
                  form.submit();
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
