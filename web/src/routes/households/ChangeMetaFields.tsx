import { Form, Input, Radio } from 'antd';
import { EDIT_SOURCE_OPTIONS } from '../../lib/household-labels';

/** 信息来源 and 修改原因, required with every change (the history keeps both). */
export function ChangeMetaFields({
  reasonLabel = '修改原因',
  placeholder = '例如：入户核查，其务工收入已变化',
}: {
  reasonLabel?: string;
  placeholder?: string;
}) {
  return (
    <>
      <Form.Item name="source" label="信息来源" rules={[{ required: true, message: '请选择信息来源' }]}>
        <Radio.Group options={EDIT_SOURCE_OPTIONS} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={reasonLabel}
        rules={[
          { required: true, whitespace: true, message: `请填写${reasonLabel}` },
          { min: 2, message: `${reasonLabel}至少2个字` },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={placeholder} />
      </Form.Item>
    </>
  );
}

export interface ChangeMetaValues {
  source: string;
  reason: string;
}
