import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import type { StatsChildRegion } from '../../api/types';
import { CATEGORIES, CATEGORY_LABELS } from '../../lib/labels';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

interface Props {
  regions: StatsChildRegion[];
  onSelect: (code: string) => void;
}

/** People per category in each child region, stacked; clicking a region's bar drills down into it. */
export default function CategoryBarChart({ regions, onSelect }: Props) {
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 48, containLabel: true },
      xAxis: {
        type: 'category',
        data: regions.map((r) => r.name),
        axisLabel: { interval: 0, rotate: regions.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: '{value} 人' } },
      series: CATEGORIES.map((c) => ({
        name: CATEGORY_LABELS[c],
        type: 'bar',
        stack: 'people',
        emphasis: { focus: 'series' },
        data: regions.map((r) => r.byCategory[c] ?? 0),
      })),
    }),
    [regions],
  );

  const onEvents = useMemo(
    () => ({
      click: (p: { dataIndex?: number }) => {
        const region = p.dataIndex === undefined ? undefined : regions[p.dataIndex];
        if (region) onSelect(region.code);
      },
    }),
    [regions, onSelect],
  );

  return (
    <div role="img" aria-label="下级地区各类别人数柱状图（点击柱形查看该地区）" data-testid="category-chart">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        onEvents={onEvents}
        style={{ height: 360, width: '100%', cursor: 'pointer' }}
      />
    </div>
  );
}
