import { Alert, App, Checkbox, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  type CategoryAssignment,
  type HouseholdPage,
  useChangeErrorText,
  useEndCategories,
} from '../../api/households';
import { ChangeMetaFields, type ChangeMetaValues } from './ChangeMetaFields';
import { DialogButtons } from './DialogButtons';

interface Values extends ChangeMetaValues {
  date: Dayjs;
  categoryIds: number[];
}

interface Props {
  page: HouseholdPage;
  open: boolean;
  onClose: () => void;
}

const labelOf = (c: CategoryAssignment) =>
  `${c.categoryName}（${c.level === 'household' ? '全户' : (c.personName ?? '个人')}，${c.fromDate} 起）`;

/**
 * 终止救助类别: which categories (all in force by default), the date and the reason, confirmed. When
 * none is left the server puts the household in the monitoring pool for the policy pack's exit window.
 */
export function EndCategoriesModal({ page, open, onClose }: Props) {
  return (
    <Modal open={open} title="终止救助类别" onCancel={onClose} footer={null} destroyOnHidden>
      {open && <EndForm page={page} onDone={onClose} />}
    </Modal>
  );
}

function EndForm({ page, onDone }: { page: HouseholdPage; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const end = useEndCategories(page.household.id);
  const errorText = useChangeErrorText(page.household.id);
  const [error, setError] = useState<string | null>(null);
  const current = page.categories.current;
  // The server checks each chosen category's own start date; the picker only rules out the obvious.
  const earliest = current.map((c) => c.fromDate).sort()[0];

  const send = async (v: Values) => {
    setError(null);
    const date = v.date.format('YYYY-MM-DD');
    const chosen = current.filter((c) => v.categoryIds.includes(c.id));
    const all = chosen.length === current.length;
    const confirmed = await modal.confirm({
      title: '确认终止救助类别',
      content: `自 ${date} 起终止：${chosen.map((c) => c.categoryName).join('、')}？${
        all ? '本户将不再享受救助，并按政策规定在退出后一段时间内纳入监测。' : ''
      }`,
      okText: '确认终止',
      okButtonProps: { danger: true },
      cancelText: '取消',
    });
    if (!confirmed) return;
    end.mutate(
      {
        version: page.household.version,
        date,
        reason: v.reason.trim(),
        source: v.source,
        ...(all ? {} : { categoryIds: v.categoryIds }),
      },
      {
        onSuccess: () => {
          void message.success('已终止所选救助类别');
          onDone();
        },
        onError: (e) => setError(errorText(e, '终止失败，请稍后重试')),
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      name="end-categories"
      layout="vertical"
      initialValues={{ categoryIds: current.map((c) => c.id) }}
      onFinish={(v) => void send(v)}
    >
      <Form.Item
        name="categoryIds"
        label="终止的救助类别"
        rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个救助类别' }]}
      >
        <Checkbox.Group options={current.map((c) => ({ value: c.id, label: labelOf(c) }))} />
      </Form.Item>
      <Form.Item name="date" label="终止日期" rules={[{ required: true, message: '请选择终止日期' }]}>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) =>
            d.isAfter(dayjs(), 'day') || (earliest !== undefined && d.isBefore(dayjs(earliest), 'day'))
          }
        />
      </Form.Item>
      <ChangeMetaFields
        reasonLabel="终止理由"
        placeholder="例如：入户核实家庭购置小型汽车一辆，不再符合低保条件"
      />
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
      <DialogButtons busy={end.isPending} onCancel={onDone} okText="终止救助类别" />
    </Form>
  );
}
