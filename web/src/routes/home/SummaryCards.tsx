import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { StatsOverview } from '../../api/types';
import { formatCount } from '../../lib/format';
import { CATEGORIES, CATEGORY_LABELS } from '../../lib/labels';

/** Totals and one card per assistance category. */
export function SummaryCards({ totals }: { totals: StatsOverview['totals'] }) {
  return (
    <Row gutter={[16, 16]} data-testid="summary-cards">
      <Col xs={12} md={8} xl={6}>
        <Card data-testid="stat-people">
          <Statistic title="在册人数" value={totals.people} suffix="人" groupSeparator="," />
        </Card>
      </Col>
      <Col xs={12} md={8} xl={6}>
        <Card data-testid="stat-households">
          <Statistic title="在册户数" value={totals.households} suffix="户" groupSeparator="," />
        </Card>
      </Col>
      {CATEGORIES.map((c) => {
        const figures = totals.byCategory[c] ?? { people: 0, households: 0 };
        return (
          <Col key={c} xs={12} md={8} xl={6}>
            <Card data-testid={`stat-${c}`}>
              <Statistic title={CATEGORY_LABELS[c]} value={figures.people} suffix="人" groupSeparator="," />
              <Typography.Text type="secondary">{formatCount(figures.households)} 户</Typography.Text>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
