import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useMemo } from 'react';
import type { Board } from '../../api/monitoring';
import { LEVEL_COLORS, LEVEL_LABELS, WARNING_LEVELS } from '../../lib/monitoring-labels';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

interface Props {
  regions: Board['children'];
  onSelect: (code: string) => void;
}

/** Warnings per child region stacked by level (red / orange / yellow); clicking a bar drills down. */
export default function RegionWarningChart({ regions, onSelect }: Props) {
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
      xAxis: {
        type: 'category',
        data: regions.map((r) => r.name),
        axisLabel: { interval: 0, rotate: regions.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: '{value} 条' } },
      series: WARNING_LEVELS.map((l) => ({
        name: `${LEVEL_LABELS[l]}预警`,
        type: 'bar',
        stack: 'warnings',
        itemStyle: { color: LEVEL_COLORS[l] },
        emphasis: { focus: 'series' },
        data: regions.map((r) => r.byLevel[l] ?? 0),
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
    <div
      role="img"
      aria-label="下级地区各等级预警数量柱状图（点击柱形查看该地区）"
      data-testid="warning-region-chart"
    >
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        notMerge
        onEvents={onEvents}
        style={{ height: 340, width: '100%', cursor: 'pointer' }}
      />
    </div>
  );
}
