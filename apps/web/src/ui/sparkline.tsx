import { sparklinePoints } from './sparkline-path.js';

/**
 * A score trend in a table cell: a plain SVG polyline, so a page of a thousand clusters draws no chart instances
 * (the full charts use ECharts).
 */
export function Sparkline({ values, label }: { values: readonly (number | null)[]; label: string }) {
  const points = sparklinePoints(values, 80, 20);
  if (!points) return <span className="muted">no trend</span>;
  return (
    <svg className="sparkline" width="80" height="22" viewBox="-1 -1 82 22" role="img" aria-label={label}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
