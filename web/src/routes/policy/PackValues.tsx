import { Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { PackValue } from '../../api/policy';
import { formatParam, paramLabel, SECTIONS, sectionOf } from '../../lib/policy-labels';

/** Badges beside a value: an example amount, or a value inherited from a parent pack. */
export function ValueBadges({ value }: { value: Pick<PackValue, 'example' | 'inherited' | 'setBy'> }) {
  return (
    <>
      {value.example && (
        <Tooltip title="文件未给出此数值，这里是示例值，上线前须由当地民政部门核定">
          <Tag color="orange" data-testid="example-badge">
            示例值
          </Tag>
        </Tooltip>
      )}
      {value.inherited && (
        <Tag>
          继承自 {value.setBy.id} 第{value.setBy.version}版
        </Tag>
      )}
    </>
  );
}

const EXAMPLE_NOTE = '示例值';

const ASSISTANCE_COLUMNS = ['name', 'department', 'categories', 'members', 'condition'] as const;
const ASSISTANCE_TITLES: Record<(typeof ASSISTANCE_COLUMNS)[number], string> = {
  name: '项目',
  department: '责任部门',
  categories: '适用类别',
  members: '适用成员',
  condition: '条件',
};
const MEMBER_FILTERS: Record<string, string> = {
  all: '全体成员',
  student: '在校学生',
  laborCapable: '有劳动能力者',
  disabled: '残疾人',
  severeDisability: '重度残疾人',
  seriousIllness: '重病患者',
  elderly: '老年人',
  minor: '未成年人',
  needsCare: '需要照料者',
};

/** Other assistance: one row per item (an eligibility with a responsible department). */
function AssistanceTable({ values }: { values: PackValue[] }) {
  const items = new Map<string, Record<string, PackValue>>();
  for (const v of values) {
    const [, code, field] = v.path.split('.');
    if (!code || !field) continue;
    const row = items.get(code) ?? {};
    row[field] = v;
    items.set(code, row);
  }
  const rows = [...items.entries()].map(([code, fields]) => ({ code, fields }));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="code"
      dataSource={rows}
      columns={ASSISTANCE_COLUMNS.map((key) => ({
        key,
        title: ASSISTANCE_TITLES[key],
        render: (_: unknown, row: (typeof rows)[number]) => {
          const v = row.fields[key];
          if (!v) return '—';
          if (key === 'members') return MEMBER_FILTERS[String(v.value)] ?? String(v.value);
          const text = formatParam(`assistance.${row.code}.${key}`, v.value);
          return key === 'name' ? (
            <>
              {text} <ValueBadges value={v} />
            </>
          ) : (
            text
          );
        },
      }))}
    />
  );
}

/** A pack's resolved values, grouped by section, each with its Chinese name, badges and note. */
export function PackValues({ values }: { values: PackValue[] }) {
  return (
    <Flex vertical gap={16}>
      {SECTIONS.filter((s) => s.key !== 'header').map((section) => {
        const rows = values.filter((v) => sectionOf(v.path) === section.key);
        if (rows.length === 0) return null;
        return (
          <Card key={section.key} title={section.title} size="small" data-testid={`section-${section.key}`}>
            {section.key === 'assistance' ? (
              <AssistanceTable values={rows} />
            ) : (
              <Table
                size="small"
                pagination={false}
                rowKey="path"
                dataSource={rows}
                columns={[
                  {
                    key: 'label',
                    title: '参数',
                    width: '38%',
                    render: (_, v) => (
                      <Flex vertical>
                        <span>{paramLabel(v.path)}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} code>
                          {v.path}
                        </Typography.Text>
                      </Flex>
                    ),
                  },
                  {
                    key: 'value',
                    title: '取值',
                    width: '30%',
                    render: (_, v) => (
                      <Flex wrap gap={4} align="center">
                        <Typography.Text strong>{formatParam(v.path, v.value)}</Typography.Text>
                        <ValueBadges value={v} />
                      </Flex>
                    ),
                  },
                  {
                    key: 'note',
                    title: '依据 / 说明',
                    // A bare “示例值” says no more than the badge.
                    render: (_, v) =>
                      v.note && v.note !== EXAMPLE_NOTE ? (
                        <Typography.Text type="secondary">{v.note}</Typography.Text>
                      ) : null,
                  },
                ]}
              />
            )}
          </Card>
        );
      })}
    </Flex>
  );
}
