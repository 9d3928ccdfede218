/** Inline SVG charts: no script, no external resource, readable when printed. */

export interface ChartSegment {
  label: string;
  value: number;
  color: string;
}

/** One horizontal stacked bar with a legend underneath. */
export function stackedBarSvg(segments: ChartSegment[], options: { width?: number; title: string }): string {
  const width = options.width ?? 560;
  const total = segments.reduce((sum, segment) => sum + segment.value, 0);
  let x = 0;
  const bars = segments
    .filter((segment) => segment.value > 0)
    .map((segment) => {
      const w = total === 0 ? 0 : (segment.value / total) * width;
      const rect = `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="22" fill="${segment.color}"><title>${escapeXml(`${segment.label}: ${segment.value}`)}</title></rect>`;
      x += w;
      return rect;
    })
    .join('');
  const legend = segments
    .map(
      (segment, index) =>
        `<g transform="translate(${(index % 3) * (width / 3)},${34 + Math.floor(index / 3) * 18})"><rect width="10" height="10" fill="${segment.color}"/><text x="14" y="9" font-size="11">${escapeXml(`${segment.label}: ${segment.value}`)}</text></g>`,
    )
    .join('');
  const height = 40 + Math.ceil(segments.length / 3) * 18;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(options.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeXml(options.title)}</title><rect width="${width}" height="22" fill="#eeeeee"/>${bars}${legend}</svg>`;
}

/** A vertical bar chart (e.g. clusters per score band). */
export function barChartSvg(bars: ChartSegment[], options: { width?: number; title: string }): string {
  const width = options.width ?? 560;
  const plot = 120;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const step = width / Math.max(1, bars.length);
  const body = bars
    .map((bar, index) => {
      const h = (bar.value / max) * plot;
      const x = index * step + 4;
      return `<rect x="${x.toFixed(1)}" y="${(plot - h + 14).toFixed(1)}" width="${(step - 8).toFixed(1)}" height="${h.toFixed(1)}" fill="${bar.color}"><title>${escapeXml(`${bar.label}: ${bar.value}`)}</title></rect><text x="${(x + (step - 8) / 2).toFixed(1)}" y="${(plot - h + 10).toFixed(1)}" font-size="10" text-anchor="middle">${bar.value}</text><text x="${(x + (step - 8) / 2).toFixed(1)}" y="${plot + 28}" font-size="10" text-anchor="middle">${escapeXml(bar.label)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(options.title)}" width="${width}" height="${plot + 34}" viewBox="0 0 ${width} ${plot + 34}"><title>${escapeXml(options.title)}</title>${body}</svg>`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
