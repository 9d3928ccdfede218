import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { Chart } from '../ui/chart.js';
import { formatDateTime } from '../ui/format.js';
import type { TrendSeries } from './cluster-trends.js';

function axisOf(trend: TrendSeries) {
  return { type: 'category', data: trend.times.map((time) => formatDateTime(time)) };
}

export function ScoreTrendChart({ trend }: { trend: TrendSeries }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: axisOf(trend),
      yAxis: { type: 'value', min: 0, max: 100 },
      series: trend.series.map((series) => ({ name: series.name, type: 'line', data: series.values, connectNulls: false, showSymbol: trend.times.length < 30 })),
    }),
    [trend],
  );
  const latest = trend.series[0]?.values.at(-1);
  return (
    <Chart
      title="Score per framework"
      summary={`Overall score over ${trend.times.length} scans${latest === null || latest === undefined ? '' : `, latest ${Math.round(latest)}`}.`}
      option={option}
      height={280}
    />
  );
}

export function NewResolvedChart({ trend }: { trend: TrendSeries }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: axisOf(trend),
      yAxis: { type: 'value', minInterval: 1 },
      series: trend.series.map((series) => ({ name: series.name, type: 'bar', data: series.values })),
    }),
    [trend],
  );
  const [fresh, resolved] = trend.series;
  return (
    <Chart
      title="New and resolved findings per scan"
      summary={`Latest scan: ${fresh?.values.at(-1) ?? 0} new, ${resolved?.values.at(-1) ?? 0} resolved.`}
      option={option}
    />
  );
}
