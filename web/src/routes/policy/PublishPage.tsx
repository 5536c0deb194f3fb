import { Alert, App, Button, Card, Flex, Form, Input, Result, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import {
  type PackSummary,
  packKey,
  parsePackKey,
  usePolicies,
  usePolicy,
  usePublishPolicy,
} from '../../api/policy';
import { fieldLabel } from '../../lib/policy-labels';
import { useCurrentUser } from '../../session/current-user';
import { canPublish } from './can-publish';
import { packTitle } from './PackSource';
import './policy.css';

interface FormValues {
  text: string;
  reason: string;
}

/** The id written in the text (`id: x` in YAML or `"id": "x"` in JSON), to tell the next version. */
const idInText = (text: string): string | null =>
  /^\s*"?id"?\s*:\s*"?([a-z0-9][a-z0-9-]+)"?/m.exec(text)?.[1] ?? null;

function nextVersionOf(packs: readonly PackSummary[] | undefined, id: string | null): number | null {
  if (!packs || !id) return null;
  return Math.max(0, ...packs.filter((p) => p.id === id).map((p) => p.version)) + 1;
}

type ErrorList = { message: string; fields: Array<[string, string]> };

/** 发布新版本: a county-or-above admin publishes a new version (never an edit), with a reason. */
export default function PublishPage() {
  const user = useCurrentUser();
  const { modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const from = parsePackKey(params.get('from'));
  const packs = usePolicies();
  const base = usePolicy(from);
  const publish = usePublishPolicy();
  const [form] = Form.useForm<FormValues>();
  const [errors, setErrors] = useState<ErrorList | null>(null);
  const text = Form.useWatch('text', form) ?? '';
  const id = idInText(text);
  const next = nextVersionOf(packs.data, id);

  // Starting from an existing version: its text, with the version number the server will assign.
  const baseContent = base.data?.content;
  const baseId = base.data?.pack.id;
  useEffect(() => {
    if (baseContent === undefined || !baseId) return;
    const v = nextVersionOf(packs.data, baseId) ?? 1;
    form.setFieldValue('text', baseContent.replace(/^version:\s*\d+/m, `version: ${v}`));
  }, [baseContent, baseId, packs.data, form]);

  const options = useMemo(
    () =>
      (packs.data ?? []).filter((p) => !p.abstract).map((p) => ({ value: packKey(p), label: packTitle(p) })),
    [packs.data],
  );

  if (!canPublish(user)) {
    return (
      <Result status="403" title="无权发布" subTitle="只有县级及以上民政管理员可以发布政策参数包的新版本。" />
    );
  }

  if (publish.isSuccess) {
    const p = publish.data.pack;
    return (
      <Result
        status="success"
        title={`已发布 ${packTitle(p)}`}
        subTitle={
          publish.data.requestedVersion !== null
            ? `原文写的是第${publish.data.requestedVersion}版；已发布的版本不可修改，系统按下一个版本号发布为第${p.version}版。`
            : `自 ${p.effectiveFrom} 起适用于地区 ${p.region ?? '—'}。`
        }
        extra={[
          <Link key="view" to={`/policies?pack=${packKey(p)}`}>
            <Button type="primary">查看此版本</Button>
          </Link>,
          <Button key="again" onClick={() => publish.reset()}>
            再发布一个
          </Button>,
        ]}
      />
    );
  }

  const submit = (values: FormValues) => {
    modal.confirm({
      title: '确认发布？',
      content: `发布后不可修改，只能再发布新版本。${next ? `将发布为 ${id} 第${next}版。` : ''}`,
      okText: '发布',
      cancelText: '取消',
      onOk: () =>
        publish
          .mutateAsync({ text: values.text, reason: values.reason })
          .then(() => setErrors(null))
          .catch((e: unknown) => {
            if (!isApiError(e)) {
              setErrors({ message: '发布失败，请稍后重试', fields: [] });
              return;
            }
            const fields = Object.entries(e.fields ?? {});
            setErrors({ message: e.displayMessage, fields });
            const reason = e.fields?.reason;
            if (reason) form.setFields([{ name: 'reason', errors: [reason] }]);
          }),
    });
  };

  return (
    <Card title="发布政策参数包新版本">
      <Typography.Paragraph type="secondary">
        粘贴或编辑参数包（YAML 或 JSON，字段见 SPEC 附录 A.1）。版本号由系统自动取该参数包的下一个版本号，
        已发布的版本永不修改；参数包的适用地区须在本辖区（{user.regionName}）之内。发布记入审计日志。
      </Typography.Paragraph>
      <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
        <span>从现有版本开始：</span>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          placeholder="选择一个参数包版本，复制其原文"
          style={{ width: 420 }}
          options={options}
          value={from ? packKey(from) : undefined}
          onChange={(v: string | undefined) =>
            setParams((prev) => {
              const p = new URLSearchParams(prev);
              if (v) p.set('from', v);
              else p.delete('from');
              return p;
            })
          }
          aria-label="从现有版本开始"
        />
      </Flex>
      <Form<FormValues> form={form} layout="vertical" name="publish" onFinish={submit} requiredMark>
        <Form.Item
          name="text"
          label="参数包内容（YAML 或 JSON）"
          rules={[{ required: true, message: '请填写参数包内容' }]}
          extra={next && id ? `将发布为 ${id} 第${next}版` : undefined}
        >
          <Input.TextArea className="policy-mono" rows={24} spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="发布理由"
          rules={[
            { required: true, whitespace: true, message: '请填写发布理由' },
            { max: 500, message: '发布理由最多500字' },
          ]}
        >
          <Input.TextArea rows={2} placeholder="例如：依据某文件调整2025年城乡低保标准" />
        </Form.Item>
        {errors && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="publish-errors"
            title={errors.fields.length > 0 ? '参数包未通过校验，请逐项修改：' : errors.message}
            description={
              errors.fields.length > 0 ? (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {errors.fields.map(([path, message]) => (
                    <li key={path}>
                      <Typography.Text strong>{fieldLabel(path)}</Typography.Text>：{message}
                    </li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
        <Button type="primary" htmlType="submit" loading={publish.isPending}>
          发布新版本
        </Button>
      </Form>
    </Card>
  );
}
