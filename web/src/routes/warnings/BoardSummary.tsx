import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { Tally } from '../../api/monitoring';
import { formatCount } from '../../lib/format';
import {
  LEVEL_LABELS,
  LEVEL_TAG_COLORS,
  STATE_LABELS,
  STATE_TAG_COLORS,
  WARNING_LEVELS,
  WARNING_STATES,
} from '../../lib/monitoring-labels';

interface Props {
  totals: Tally;
  onLevel: (level: string) => void;
  onState: (state: string) => void;
  onOverdue: () => void;
  onEscalated: () => void;
}

/** The region's totals: all, open, overdue, escalated; then by level and by state (click to filter). */
export function BoardSummary({ totals, onLevel, onState, onOverdue, onEscalated }: Props) {
  return (
    <Row gutter={[16, 16]} data-testid="board-totals">
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="预警总数" value={totals.total} formatter={(v) => formatCount(Number(v))} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="未办结" value={totals.open} formatter={(v) => formatCount(Number(v))} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small" hoverable onClick={onOverdue} aria-label="只看逾期">
          <Statistic
            title="逾期未核查"
            value={totals.overdue}
            styles={{ content: { color: totals.overdue > 0 ? '#cf1322' : undefined } }}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small" hoverable onClick={onEscalated} aria-label="只看已上报县级">
          <Statistic title="已上报县级" value={totals.escalated} />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title="按等级">
          <Space wrap>
            {WARNING_LEVELS.map((l) => (
              <Tag.CheckableTag key={l} checked={false} onChange={() => onLevel(l)}>
                <Tag color={LEVEL_TAG_COLORS[l]} style={{ marginInlineEnd: 0 }}>
                  {LEVEL_LABELS[l]} {formatCount(totals.byLevel[l])}
                </Tag>
              </Tag.CheckableTag>
            ))}
          </Space>
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title="按状态">
          <Space wrap data-testid="board-states">
            {WARNING_STATES.map((s) => (
              <Tag.CheckableTag key={s} checked={false} onChange={() => onState(s)}>
                <Tag color={STATE_TAG_COLORS[s]} style={{ marginInlineEnd: 0 }}>
                  {STATE_LABELS[s]} {formatCount(totals.byState[s])}
                </Tag>
              </Tag.CheckableTag>
            ))}
          </Space>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            点击等级或状态可筛选下方列表
          </Typography.Text>
        </Card>
      </Col>
    </Row>
  );
}
