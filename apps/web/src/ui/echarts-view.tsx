import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard draws, so this lazily loaded chunk stays a fraction of the full library. Canvas, and
// rich-text tooltips, because the SVG renderer and HTML tooltips write style attributes that the app's CSP refuses.
use([LineChart, BarChart, GraphChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer]);

export default function EChartsView({ option, height }: { option: EChartsCoreOption; height: number }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({ aria: { enabled: true }, animation: false, tooltip: { trigger: 'axis', renderMode: 'richText' }, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} className="chart" style={{ height }} />;
}
