import type { EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense } from 'react';
import { Loading } from './states.js';

// ECharts is the largest dependency: it loads with the first chart, never with the initial route.
const EChartsView = lazy(() => import('./echarts-view.js'));

/** A chart with a caption; `summary` says in words what the chart shows, for screen readers and small screens. */
export function Chart({ title, summary, option, height = 240 }: { title: string; summary: string; option: EChartsCoreOption; height?: number }) {
  return (
    <figure className="chart-figure">
      <figcaption>{title}</figcaption>
      <Suspense fallback={<Loading label="Loading chart…" />}>
        <EChartsView option={option} height={height} />
      </Suspense>
      <p className="visually-hidden">{summary}</p>
    </figure>
  );
}
