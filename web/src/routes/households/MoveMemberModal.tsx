import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  type HouseholdPage,
  householdQuery,
  type Member,
  useChangeErrorText,
  useMoveMember,
} from '../../api/households';
import { RELATION_OPTIONS, RESIDENCE_OPTIONS } from '../../lib/household-labels';
import { ChangeMetaFields, type ChangeMetaValues } from './ChangeMetaFields';
import { DialogButtons } from './DialogButtons';
import { HouseholdSelect } from './HouseholdSelect';
import { RegionPicker } from './RegionPicker';

interface Values extends ChangeMetaValues {
  mode: 'existing' | 'new';
  toHouseholdId?: number;
  regionCode?: string;
  address?: string;
  residence?: 'urban' | 'rural';
  relation: string;
  date: Dayjs;
}

interface Props {
  page: HouseholdPage;
  member: Member | null;
  onClose: () => void;
}

/** 迁出成员: into another household of the subtree (found by 户编号) or into a new one (分户). */
export function MoveMemberModal({ page, member, onClose }: Props) {
  return (
    <Modal
      open={member !== null}
      title={member ? `迁出成员：${member.name}` : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {member && <MoveForm page={page} member={member} onDone={onClose} />}
    </Modal>
  );
}

function MoveForm({ page, member, onDone }: { page: HouseholdPage; member: Member; onDone: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const move = useMoveMember(page.household.id);
  const errorText = useChangeErrorText(page.household.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('mode', form) ?? 'existing';

  const send = async (v: Values) => {
    setError(null);
    setBusy(true);
    try {
      let target: { toHouseholdId: number; toVersion: number; no: string } | null = null;
      if (v.mode === 'existing' && v.toHouseholdId) {
        // The version of the receiving household, for its optimistic lock.
        const to = await queryClient.fetchQuery({ ...householdQuery(v.toHouseholdId), staleTime: 0 });
        target = {
          toHouseholdId: to.household.id,
          toVersion: to.household.version,
          no: to.household.householdNo,
        };
      }
      const where = target ? `户 ${target.no}` : '新立的一户';
      const confirmed = await modal.confirm({
        title: '确认迁移',
        content: `将 ${member.name} 从本户迁往${where}？迁移记入家庭历史，原户与新户均可查看。`,
        okText: '确认迁移',
        cancelText: '取消',
      });
      if (!confirmed) return;
      const out = await move.mutateAsync({
        personId: member.personId,
        version: page.household.version,
        reason: v.reason.trim(),
        source: v.source,
        relation: v.relation,
        date: v.date.format('YYYY-MM-DD'),
        ...(target
          ? { toHouseholdId: target.toHouseholdId, toVersion: target.toVersion }
          : {
              newHousehold: {
                regionCode: v.regionCode ?? '',
                address: v.address?.trim() ?? '',
                ...(v.residence ? { residence: v.residence } : {}),
              },
            }),
      });
      void queryClient.invalidateQueries({ queryKey: ['households', out.toHouseholdId] });
      void message.success(`${member.name} 已迁出`);
      onDone();
    } catch (e) {
      setError(errorText(e, '迁移失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      name="member-move"
      layout="vertical"
      initialValues={{ mode: 'existing', relation: 'other', date: dayjs() }}
      onFinish={(v) => void send(v)}
    >
      <Form.Item name="mode" label="迁往">
        <Radio.Group
          options={[
            { value: 'existing', label: '已登记的家庭' },
            { value: 'new', label: '新立一户（分户）' },
          ]}
        />
      </Form.Item>
      {mode === 'existing' ? (
        <Form.Item
          name="toHouseholdId"
          label="迁入家庭"
          rules={[{ required: true, message: '请选择迁入的家庭' }]}
        >
          <HouseholdSelect exclude={page.household.id} />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="regionCode"
            label="新户所在村(居)"
            rules={[{ required: true, message: '请选择村(居)' }]}
          >
            <RegionPicker villagesOnly placeholder="选择村(居)" />
          </Form.Item>
          <Form.Item
            name="address"
            label="新户住址"
            rules={[{ required: true, whitespace: true, message: '请填写家庭住址' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="residence" label="城乡类别" extra="不选则按村(居)代码判断">
            <Select allowClear options={RESIDENCE_OPTIONS} />
          </Form.Item>
        </>
      )}
      <Form.Item name="relation" label="在新家庭中与户主关系">
        <Select options={RELATION_OPTIONS} />
      </Form.Item>
      <Form.Item name="date" label="迁移日期" rules={[{ required: true, message: '请选择迁移日期' }]}>
        <DatePicker
          allowClear={false}
          style={{ width: '100%' }}
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
      </Form.Item>
      <ChangeMetaFields reasonLabel="迁移原因" placeholder="例如：结婚后随配偶共同生活" />
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
      <DialogButtons busy={busy || move.isPending} onCancel={onDone} okText="迁出" />
    </Form>
  );
}
