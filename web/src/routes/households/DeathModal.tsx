import { Alert, App, DatePicker, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { type HouseholdPage, type Member, useChangeErrorText, useRecordDeath } from '../../api/households';
import { ChangeMetaFields, type ChangeMetaValues } from './ChangeMetaFields';
import { DialogButtons } from './DialogButtons';

interface Values extends ChangeMetaValues {
  deathDate: Dayjs;
}

interface Props {
  page: HouseholdPage;
  member: Member | null;
  onClose: () => void;
}

/** 登记死亡: the date and the reason, confirmed; the member's own categories end on that date. */
export function DeathModal({ page, member, onClose }: Props) {
  return (
    <Modal
      open={member !== null}
      title={member ? `登记死亡：${member.name}` : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {member && <DeathForm page={page} member={member} onDone={onClose} />}
    </Modal>
  );
}

function DeathForm({ page, member, onDone }: { page: HouseholdPage; member: Member; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const death = useRecordDeath(page.household.id);
  const errorText = useChangeErrorText(page.household.id);
  const [error, setError] = useState<string | null>(null);
  const alone = page.members.filter((m) => m.deathDate === null).length === 1;

  const send = async (v: Values) => {
    setError(null);
    const date = v.deathDate.format('YYYY-MM-DD');
    const confirmed = await modal.confirm({
      title: '确认登记死亡',
      content: `登记 ${member.name} 于 ${date} 死亡？其本人的救助类别将于该日终止${
        alone ? '；本户已无其他在世成员，全户救助类别也将终止' : ''
      }。`,
      okText: '确认登记',
      okButtonProps: { danger: true },
      cancelText: '取消',
    });
    if (!confirmed) return;
    death.mutate(
      {
        personId: member.personId,
        version: page.household.version,
        deathDate: date,
        reason: v.reason.trim(),
        source: v.source,
      },
      {
        onSuccess: () => {
          void message.success(`已登记 ${member.name} 死亡`);
          onDone();
        },
        onError: (e) => setError(errorText(e, '登记失败，请稍后重试')),
      },
    );
  };

  return (
    <Form<Values> form={form} name="member-death" layout="vertical" onFinish={(v) => void send(v)}>
      <Form.Item name="deathDate" label="死亡日期" rules={[{ required: true, message: '请选择死亡日期' }]}>
        <DatePicker
          style={{ width: '100%' }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(member.birthDate), 'day')}
        />
      </Form.Item>
      <ChangeMetaFields reasonLabel="登记依据" placeholder="例如：家属报告并出具死亡证明" />
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
      <DialogButtons busy={death.isPending} onCancel={onDone} okText="登记死亡" />
    </Form>
  );
}
