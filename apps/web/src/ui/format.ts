const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

/** "3 h ago", "in 2 d": short relative times for tables. */
export function formatRelative(value: string | Date | null | undefined, now: Date = new Date()): string {
  if (!value) return 'never';
  const date = typeof value === 'string' ? new Date(value) : value;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const magnitude = Math.abs(seconds);
  const [amount, unit] =
    magnitude < 60 ? [magnitude, 's'] : magnitude < 3600 ? [Math.round(magnitude / 60), 'min'] : magnitude < 86_400 ? [Math.round(magnitude / 3600), 'h'] : [Math.round(magnitude / 86_400), 'd'];
  return seconds < 0 ? `${amount} ${unit} ago` : `in ${amount} ${unit}`;
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '—' : String(Math.round(score));
}

/** A duration in hours as "5 h" or "2.5 d". */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  return hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round((hours / 24) * 10) / 10} d`;
}
