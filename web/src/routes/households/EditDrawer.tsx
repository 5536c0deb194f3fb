import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Flex, Form, Grid } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { type EditInput, type HouseholdPage, householdQuery, useEditHousehold } from '../../api/households';
import { ChangeMetaFields, type ChangeMetaValues } from './ChangeMetaFields';
import { HouseholdFields, MemberFields } from './EditFields';
import {
  type HouseholdFormValues,
  householdChanges,
  householdFormValues,
  type MemberFormValues,
  memberFormValues,
  personChanges,
  rebase,
} from './edit-form';

export type EditTarget = { kind: 'household' } | { kind: 'member'; personId: number };

type Values = MemberFormValues | HouseholdFormValues;

/** The form values of the target in `page`, or null when the member is no longer in the household. */
function baseOf(page: HouseholdPage, target: EditTarget): Values | null {
  if (target.kind === 'household') return householdFormValues(page);
  const m = page.members.find((x) => x.personId === target.personId);
  return m ? memberFormValues(m) : null;
}

function withoutMeta(v: Values & Partial<ChangeMetaValues>): Values {
  const { source: _s, reason: _r, ...rest } = v;
  return rest as Values;
}

/** The request body for the worker's changes, or null when nothing was changed. */
function bodyOf(
  target: EditTarget,
  values: Values,
  base: Values,
): Omit<EditInput, keyof ChangeMetaValues | 'version'> | null {
  if (target.kind === 'household') {
    const household = householdChanges(values as HouseholdFormValues, base as HouseholdFormValues);
    return Object.keys(household).length > 0 ? { household } : null;
  }
  const changes = personChanges(values as MemberFormValues, base as MemberFormValues);
  return Object.keys(changes).length > 0 ? { members: [{ personId: target.personId, changes }] } : null;
}

interface Props {
  page: HouseholdPage;
  target: EditTarget | null;
  onClose: () => void;
}

/** 修改信息: a drawer to correct a member's or the household's facts, with a source and a reason. */
export function EditDrawer({ page, target, onClose }: Props) {
  const screens = Grid.useBreakpoint();
  const member = target?.kind === 'member' ? page.members.find((m) => m.personId === target.personId) : null;
  const title = target?.kind === 'member' ? `修改成员信息：${member?.name ?? ''}` : '修改家庭信息';
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={title}
      size={screens.md ? 640 : '100%'}
      destroyOnHidden
    >
      {target && (
        <EditForm
          key={target.kind === 'member' ? target.personId : 'household'}
          page={page}
          target={target}
          onDone={onClose}
        />
      )}
    </Drawer>
  );
}

function EditForm({ page, target, onDone }: { page: HouseholdPage; target: EditTarget; onDone: () => void }) {
  const [form] = Form.useForm<Values & ChangeMetaValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const edit = useEditHousehold(page.household.id);
  // The data the form was opened on: the version sent back, and the base the changes are taken from.
  const [snapshot, setSnapshot] = useState(() => ({
    version: page.household.version,
    base: baseOf(page, target),
  }));
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);
  const member =
    target.kind === 'member' ? page.members.find((m) => m.personId === target.personId) : undefined;

  if (!snapshot.base) return <Alert type="warning" showIcon title="该成员已不在本户，请关闭后刷新页面" />;
  const base = snapshot.base;

  const submit = (all: Values & ChangeMetaValues) => {
    setError(null);
    const body = bodyOf(target, withoutMeta(all), base);
    if (!body) {
      setError('没有修改任何信息');
      return;
    }
    edit.mutate(
      { ...body, version: snapshot.version, reason: all.reason.trim(), source: all.source },
      {
        onSuccess: () => {
          void message.success('已保存修改');
          onDone();
        },
        onError: (e) => {
          if (isApiError(e) && e.status === 409) {
            setConflict(e.message);
            return;
          }
          const fields = isApiError(e) ? Object.entries(e.fields ?? {}) : [];
          const known = new Set(Object.keys(base));
          const mapped = fields.flatMap(([path, msg]) => {
            const name = path.split('.').at(-1) ?? '';
            return known.has(name) ? [{ name: name as keyof Values, errors: [msg] }] : [];
          });
          if (mapped.length > 0) form.setFields(mapped);
          setError(isApiError(e) ? e.displayMessage : '保存失败，请稍后重试');
        },
      },
    );
  };

  /** Loads the latest household and puts the worker's changes back on top of it. */
  const reload = async () => {
    setReloading(true);
    try {
      const fresh = await queryClient.fetchQuery({ ...householdQuery(page.household.id), staleTime: 0 });
      const next = baseOf(fresh, target);
      if (!next) {
        setError('该成员已不在本户（可能已被迁出），请关闭后查看最新信息');
        return;
      }
      const mine = withoutMeta(form.getFieldsValue(true) as Values & ChangeMetaValues);
      form.setFieldsValue(rebase(mine, base, next));
      setSnapshot({ version: fresh.household.version, base: next });
      setConflict(null);
      setError(null);
      void message.info('已载入最新信息，并保留了您的修改，请核对后再次保存');
    } catch (e) {
      setError(isApiError(e) ? e.displayMessage : '刷新失败，请稍后重试');
    } finally {
      setReloading(false);
    }
  };

  return (
    <Form<Values & ChangeMetaValues>
      form={form}
      name="household-edit"
      layout="vertical"
      initialValues={{ ...base, source: undefined, reason: '' }}
      onFinish={submit}
      scrollToFirstError
    >
      {target.kind === 'member' && member ? (
        <MemberFields member={member} />
      ) : (
        <HouseholdFields members={page.members} />
      )}
      <ChangeMetaFields />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="edit-conflict"
          title="保存未成功：信息已被他人修改"
          description={conflict}
          action={
            <Button size="small" type="primary" loading={reloading} onClick={() => void reload()}>
              重新加载
            </Button>
          }
        />
      )}
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
      <Flex gap={8} justify="flex-end">
        <Button onClick={onDone}>取消</Button>
        <Button type="primary" htmlType="submit" loading={edit.isPending} disabled={conflict !== null}>
          保存
        </Button>
      </Flex>
    </Form>
  );
}
