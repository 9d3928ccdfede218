/** The SVG polyline points of a sparkline: oldest left, newest right, 0–100 scores mapped to the height. */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number, max = 100): string {
  const present = values.map((value, index) => ({ value, index })).filter((point): point is { value: number; index: number } => point.value !== null);
  if (present.length === 0) return '';
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const y = (value: number) => height - (Math.min(Math.max(value, 0), max) / max) * height;
  const points = present.length === 1 ? [{ index: 0, value: present[0]!.value }, { index: values.length - 1 || 1, value: present[0]!.value }] : present;
  const x = (index: number) => (values.length > 1 ? index * step : index * width);
  return points.map((point) => `${round(x(point.index))},${round(y(point.value))}`).join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
