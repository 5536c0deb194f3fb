import { Card, Empty, Flex, Skeleton, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useStatsOverview } from '../../api/stats';
import { formatDateTime } from '../../lib/format';
import { regionLevelLabel } from '../../lib/labels';
import { useDrillRegion } from '../../session/drill-region';
import { PageError } from '../shared/PageError';
import { ChildRegionTable } from './ChildRegionTable';
import { SummaryCards } from './SummaryCards';

// ECharts is large: it loads with the chart, after the figures are on screen.
const CategoryBarChart = lazy(() => import('./CategoryBarChart'));

/** The dashboard: the drill-down region's figures and its child regions by category. */
export default function HomePage() {
  const { code, isOwn, drillTo } = useDrillRegion();
  const stats = useStatsOverview(isOwn ? undefined : code);

  if (stats.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (stats.isError) return <PageError error={stats.error} onRetry={() => void stats.refetch()} />;

  const { region, totals, children, updatedAt } = stats.data;
  const isEmpty = totals.people === 0 && totals.households === 0;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="baseline" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {region.name}
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 8 }}>
            {regionLevelLabel(region.level)}级 · 低收入人口概况
          </Typography.Text>
        </Typography.Title>
        <Typography.Text type="secondary">数据更新于 {formatDateTime(updatedAt)}</Typography.Text>
      </Flex>
      {isEmpty ? (
        <Card>
          <Empty description="本地区暂无在册低收入人口数据" />
        </Card>
      ) : (
        <SummaryCards totals={totals} />
      )}
      <Card title="下级地区各类别人数">
        {children.length === 0 ? (
          <Empty description="本地区没有下级地区" />
        ) : children.every((c) => c.people === 0) ? (
          <Empty description="下级地区暂无在册人员" />
        ) : (
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 360 }} />}>
            <CategoryBarChart regions={children} onSelect={drillTo} />
          </Suspense>
        )}
      </Card>
      {children.length > 0 && (
        <Card title="下级地区明细">
          <ChildRegionTable regions={children} onSelect={drillTo} />
        </Card>
      )}
    </Flex>
  );
}
