import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { Alert, Card, Collapse, Descriptions, Flex, List, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AssessedCategory, AssessmentResult, WhatIfAnswer } from '../../api/policy';

export const CATEGORY_NAMES: Record<AssessedCategory, string> = {
  tekun: '特困人员',
  dibao: '低保',
  dibao_edge: '低保边缘家庭',
  rigid_expense: '刚性支出困难家庭',
  none: '未认定为低收入人口',
};
const CATEGORY_COLORS: Record<AssessedCategory, string> = {
  tekun: 'magenta',
  dibao: 'red',
  dibao_edge: 'orange',
  rigid_expense: 'gold',
  none: 'default',
};
const MEMBER_CATEGORY: Record<string, string> = {
  tekun: '特困人员（单独供养）',
  dibao_single: '单人户纳入低保',
};

const yuan = (n: number): string =>
  new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
const mask = (id: string): string => (id.length < 8 ? id : `${id.slice(0, 6)}********${id.slice(-4)}`);

/** One rule checked, with its figures: ✓ passed, ✗ not passed, • information. */
function Rule({ entry }: { entry: AssessmentResult['explanation'][number] }) {
  const info = entry.rule === 'policy' || entry.rule === 'result';
  const icon = info ? (
    <InfoCircleFilled style={{ color: '#1d5fbf' }} />
  ) : entry.passed ? (
    <CheckCircleFilled style={{ color: '#389e0d' }} />
  ) : (
    <CloseCircleFilled style={{ color: '#cf1322' }} />
  );
  return (
    <Flex gap={8} align="baseline" data-testid="explanation-rule" data-passed={String(entry.passed)}>
      {icon}
      <span aria-hidden>{info ? '•' : entry.passed ? '✓' : '✗'}</span>
      <span>{entry.detail}</span>
    </Flex>
  );
}

/** The answer of a what-if assessment: category, money, entitlements and the reasons, in Chinese. */
export function WhatIfResult({
  answer,
  names,
}: {
  answer: WhatIfAnswer;
  names: ReadonlyMap<string, string>;
}) {
  const { result, pack } = answer;
  const who = (id: string | null) => (id === null ? '全家' : (names.get(id) ?? mask(id)));
  return (
    <Flex vertical gap={16} data-testid="whatif-result">
      <Card title="试算结果">
        <Flex wrap gap={32} align="center">
          <div>
            <Typography.Text type="secondary">认定类别</Typography.Text>
            <div>
              <Tag
                color={CATEGORY_COLORS[result.category]}
                style={{ fontSize: 18, padding: '4px 12px', marginTop: 6 }}
                data-testid="whatif-category"
              >
                {CATEGORY_NAMES[result.category]}
              </Tag>
            </div>
          </div>
          <Statistic
            title="每月救助金额合计（元）"
            value={yuan(result.monthlyAllowance)}
            data-testid="whatif-allowance"
          />
        </Flex>
        <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
          <Descriptions.Item label="适用政策">
            <Link to={`/policies?pack=${pack.id}@${pack.version}`}>
              {pack.name}（{pack.id} 第{pack.version}版）
            </Link>
          </Descriptions.Item>
          <Descriptions.Item label="认定日期">{answer.date}</Descriptions.Item>
        </Descriptions>
        {pack.exampleValues && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title="该参数包含示例值（非官方金额），试算结果仅供参考，不作为认定结论。"
          />
        )}
      </Card>
      {result.members.some((m) => m.category) && (
        <Card title="成员类别" size="small">
          <Table
            size="small"
            pagination={false}
            rowKey="idNumber"
            dataSource={result.members.filter((m) => m.category)}
            columns={[
              { key: 'name', title: '成员', render: (_, m) => who(m.idNumber) },
              {
                key: 'cat',
                title: '类别',
                render: (_, m) => (m.category ? MEMBER_CATEGORY[m.category] : '—'),
              },
            ]}
          />
        </Card>
      )}
      <Card title="救助待遇" size="small">
        <Table
          size="small"
          pagination={false}
          rowKey={(e) => `${e.code}|${e.idNumber ?? ''}|${e.reason ?? ''}`}
          dataSource={result.entitlements}
          data-testid="whatif-entitlements"
          locale={{ emptyText: '无' }}
          columns={[
            { key: 'name', title: '项目', dataIndex: 'name' },
            { key: 'who', title: '对象', render: (_, e) => who(e.idNumber) },
            {
              key: 'amount',
              title: '金额 / 比例',
              render: (_, e) =>
                e.monthlyAmount !== null
                  ? `${yuan(e.monthlyAmount)} 元/月`
                  : e.ratio !== undefined
                    ? `${Number((e.ratio * 100).toFixed(4))}%`
                    : '资格',
            },
            { key: 'dept', title: '责任部门', render: (_, e) => e.department ?? '民政' },
          ]}
        />
      </Card>
      <Card title="审核过程（逐条规则）" size="small">
        <List
          size="small"
          dataSource={result.explanation}
          renderItem={(entry) => (
            <List.Item>
              <Rule entry={entry} />
            </List.Item>
          )}
        />
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'text',
              label: '说明全文（可复制给申请人）',
              children: (
                <Typography.Paragraph copyable={{ text: answer.explanationText }} style={{ marginBottom: 0 }}>
                  <pre style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="whatif-explanation-text">
                    {answer.explanationText}
                  </pre>
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
