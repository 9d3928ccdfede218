import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { Chart } from '../ui/chart.js';
import type { NetworkGraph } from './network-graph.js';

const exposedColor = '#a40e26';
const pathColor = '#b35900';

/** The graph on a canvas; the lists below it say the same in words (the accessible alternative). */
export function NetworkGraphChart({ graph }: { graph: NetworkGraph }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'item', renderMode: 'richText' },
      legend: { type: 'scroll', bottom: 0, data: graph.categories },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 6,
          force: { repulsion: graph.nodes.length > 80 ? 60 : 140, edgeLength: [40, 120], gravity: 0.08 },
          categories: graph.categories.map((name) => ({ name })),
          label: { show: graph.nodes.length <= 60, position: 'right', fontSize: 11 },
          data: graph.nodes.map((node) => ({
            id: node.id,
            name: node.label,
            category: node.category,
            symbolSize: Math.min(36, 10 + Math.sqrt(node.weight) * 4),
            value: node.weight,
            itemStyle: node.exposed ? { borderColor: exposedColor, borderWidth: 4 } : node.onPath ? { borderColor: pathColor, borderWidth: 3 } : {},
          })),
          links: graph.links.map((link) => ({
            source: link.source,
            target: link.target,
            value: link.label,
            lineStyle: link.onPath ? { color: pathColor, width: 3, opacity: 1 } : { opacity: 0.35, width: 1 },
          })),
        },
      ],
    }),
    [graph],
  );
  const exposed = graph.nodes.filter((node) => node.exposed).length;
  const onPath = graph.links.filter((link) => link.onPath).length;
  return (
    <Chart
      title={graph.level === 'workload' ? 'Allowed connections between workloads' : 'Allowed connections between namespaces (too many workloads to draw one by one)'}
      summary={`${graph.nodes.length} ${graph.level === 'workload' ? 'workloads and endpoints' : 'namespaces'}, ${graph.links.length} allowed connections; ${exposed} internet-exposed (thick red border), ${onPath} connections on lateral-movement paths (thick orange). The lists below give the same information.`}
      option={option}
      height={480}
    />
  );
}
