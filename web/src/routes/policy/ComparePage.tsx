import { SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  type PackDetail,
  type PackRef,
  packKey,
  parsePackKey,
  usePolicies,
  usePolicy,
  usePolicyDiff,
} from '../../api/policy';
import { formatParam, paramLabel, SECTIONS, sectionOf } from '../../lib/policy-labels';
import { PageError } from '../shared/PageError';
import { packTitle } from './PackSource';
import { ValueBadges } from './PackValues';
import './policy.css';

interface Row {
  path: string;
  section: string;
  a: unknown;
  b: unknown;
  aPresent: boolean;
  bPresent: boolean;
  aValue?: PackDetail['values'][number];
  bValue?: PackDetail['values'][number];
  changed: boolean;
}

const HEADER_PATHS = [
  'name',
  'id',
  'version',
  'region',
  'effectiveFrom',
  'effectiveUntil',
  'extends',
  'exampleValues',
];

function headerValues(d: PackDetail): Map<string, unknown> {
  const p = d.pack;
  const m = new Map<string, unknown>([
    ['name', p.name],
    ['id', p.id],
    ['version', p.version],
    ['region', p.region],
    ['effectiveFrom', p.effectiveFrom],
    ['effectiveUntil', p.effectiveUntil],
    ['extends', p.extends],
    ['exampleValues', p.exampleValues],
  ]);
  if (d.source) m.set('source.title', d.source.title);
  return m;
}

function buildRows(a: PackDetail, b: PackDetail, changed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const ha = headerValues(a);
  const hb = headerValues(b);
  for (const path of [...HEADER_PATHS, 'source.title']) {
    if (!ha.has(path) && !hb.has(path)) continue;
    rows.push({
      path,
      section: 'header',
      a: ha.get(path) ?? null,
      b: hb.get(path) ?? null,
      aPresent: ha.has(path),
      bPresent: hb.has(path),
      changed: changed.has(path) || (ha.get(path) ?? null) !== (hb.get(path) ?? null),
    });
  }
  const va = new Map(a.values.map((v) => [v.path, v]));
  const vb = new Map(b.values.map((v) => [v.path, v]));
  const paths = [...new Set([...va.keys(), ...vb.keys()])];
  const order = (p: string) => SECTIONS.findIndex((s) => s.key === sectionOf(p));
  paths.sort((x, y) => order(x) - order(y));
  for (const path of paths) {
    const x = va.get(path);
    const y = vb.get(path);
    rows.push({
      path,
      section: sectionOf(path),
      a: x?.value,
      b: y?.value,
      aPresent: x !== undefined,
      bPresent: y !== undefined,
      ...(x ? { aValue: x } : {}),
      ...(y ? { bValue: y } : {}),
      changed: changed.has(path) || x === undefined || y === undefined,
    });
  }
  return rows;
}

function Cell({
  present,
  path,
  value,
  meta,
}: {
  present: boolean;
  path: string;
  value: unknown;
  meta?: Row['aValue'];
}) {
  if (!present) return <Typography.Text type="secondary">—（无此项）</Typography.Text>;
  return (
    <Flex wrap gap={4} align="center">
      <span>{formatParam(path, value)}</span>
      {meta?.example && <ValueBadges value={{ ...meta, inherited: false }} />}
    </Flex>
  );
}

/** Row spans that merge the section column over each run of rows of the same section. */
function sectionSpans(rows: readonly Row[]): Map<string, number> {
  const spans = new Map<string, number>();
  let start = 0;
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    if (!next || next.section !== r.section) {
      spans.set(rows[start]!.path, i - start + 1);
      for (let j = start + 1; j <= i; j++) spans.set(rows[j]!.path, 0);
      start = i + 1;
    }
  });
  return spans;
}

/** Two jurisdictions or two versions side by side; the differing parameters are highlighted. */
export default function ComparePage() {
  const [params, setParams] = useSearchParams();
  const a = parsePackKey(params.get('a'));
  const b = parsePackKey(params.get('b'));
  const [onlyChanged, setOnlyChanged] = useState(false);
  const packs = usePolicies();
  const detailA = usePolicy(a);
  const detailB = usePolicy(b);
  const diff = usePolicyDiff(a, b);

  const choose = (which: 'a' | 'b', ref: string | null) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      if (ref) p.set(which, ref);
      else p.delete(which);
      return p;
    });
  const swap = () =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      const x = p.get('a');
      const y = p.get('b');
      if (y) p.set('a', y);
      if (x) p.set('b', x);
      return p;
    });

  const changed = useMemo(() => new Set(diff.data?.differences.map((d) => d.path) ?? []), [diff.data]);
  const rows = useMemo(
    () => (detailA.data && detailB.data ? buildRows(detailA.data, detailB.data, changed) : []),
    [detailA.data, detailB.data, changed],
  );

  const options = (packs.data ?? []).map((p) => ({ value: packKey(p), label: packTitle(p) }));
  const picker = (which: 'a' | 'b', label: string, value: PackRef | null) => (
    <Form.Item label={label} style={{ marginBottom: 0, minWidth: 320 }}>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="选择参数包及版本"
        value={value ? packKey(value) : undefined}
        options={options}
        loading={packs.isPending}
        onChange={(v: string) => choose(which, v)}
        style={{ width: 360 }}
        data-testid={`compare-${which}`}
      />
    </Form.Item>
  );

  const error = detailA.error ?? detailB.error ?? diff.error;
  const shown = onlyChanged ? rows.filter((r) => r.changed) : rows;
  const changedCount = rows.filter((r) => r.changed).length;
  const spans = sectionSpans(shown);

  return (
    <Card title="参数包对比">
      <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }}>
        {picker('a', '参数包 A', a)}
        <Button icon={<SwapOutlined />} onClick={swap} disabled={!a || !b} aria-label="交换 A 和 B" />
        {picker('b', '参数包 B', b)}
        <Form.Item style={{ marginBottom: 0 }}>
          <Space>
            <Switch checked={onlyChanged} onChange={setOnlyChanged} aria-label="只显示不同项" />
            <span>只显示不同项</span>
          </Space>
        </Form.Item>
      </Form>
      {!a || !b ? (
        <Empty description="请选择要对比的两个参数包（两个地区，或同一参数包的两个版本）" />
      ) : error ? (
        <PageError error={error} />
      ) : !detailA.data || !detailB.data || !diff.data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Flex vertical gap={12}>
          <Alert
            type={changedCount > 0 ? 'info' : 'success'}
            showIcon
            data-testid="diff-summary"
            title={
              changedCount > 0
                ? `共 ${changedCount} 项参数不同（以黄色标出）`
                : '两个参数包的各项参数完全相同'
            }
          />
          <Table<Row>
            size="small"
            rowKey="path"
            pagination={false}
            dataSource={shown}
            data-testid="diff-table"
            rowClassName={(r) => (r.changed ? 'policy-diff-changed' : '')}
            columns={[
              {
                key: 'section',
                title: '类别',
                width: 140,
                onCell: (r) => ({
                  rowSpan: spans.get(r.path) ?? 1,
                  style: { background: '#fafafa', verticalAlign: 'top' },
                }),
                render: (_, r) => SECTIONS.find((s) => s.key === r.section)?.title ?? r.section,
              },
              {
                key: 'param',
                title: '参数',
                render: (_, r) => (
                  <Flex vertical>
                    <span>
                      {paramLabel(r.path)} {r.changed && <Tag color="gold">不同</Tag>}
                    </span>
                    <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
                      {r.path}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'a',
                title: `A：${packTitle(detailA.data.pack)}`,
                render: (_, r) => <Cell present={r.aPresent} path={r.path} value={r.a} meta={r.aValue} />,
              },
              {
                key: 'b',
                title: `B：${packTitle(detailB.data.pack)}`,
                render: (_, r) => <Cell present={r.bPresent} path={r.path} value={r.b} meta={r.bValue} />,
              },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
