import { formatScore } from './format.js';

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge badge-${severity}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-status badge-status-${status}`}>{status}</span>;
}

/** Score out of 100; the band is in the text as well as the colour, so it does not rely on colour alone. */
export function ScoreBadge({ score }: { score: number | null | undefined }) {
  const band = score === null || score === undefined ? 'none' : score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
  return (
    <span className={`score score-${band}`} title={band === 'none' ? 'not scored yet' : `${band}`}>
      {formatScore(score)}
    </span>
  );
}
