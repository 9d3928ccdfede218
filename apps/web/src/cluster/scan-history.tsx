import type { components } from '@meshguard/api-client';
import { ScoreBadge, StatusBadge } from '../ui/badges.js';
import { formatDateTime } from '../ui/format.js';
import { gapsOf } from '../fleet/fleet-rows.js';

type Scan = components['schemas']['ScanDto'];

function durationOf(scan: Scan): string {
  if (!scan.startedAt || !scan.finishedAt) return '—';
  const seconds = (new Date(scan.finishedAt).getTime() - new Date(scan.startedAt).getTime()) / 1000;
  return seconds < 120 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

export function ScanHistory({ scans }: { scans: Scan[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Scan history">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Requested</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Score</th>
            <th scope="col">Duration</th>
            <th scope="col">Coverage gaps / failure</th>
          </tr>
        </thead>
        <tbody>
          {scans.map((scan) => {
            const gaps = gapsOf(scan);
            return (
              <tr key={scan.id}>
                <td>{formatDateTime(scan.requestedAt)}</td>
                <td>
                  <StatusBadge status={scan.status} />
                </td>
                <td>{scan.trigger}</td>
                <td>
                  <ScoreBadge score={scan.score} />
                </td>
                <td>{durationOf(scan)}</td>
                <td>
                  {scan.failureReason ? <span className="failure">{scan.failureReason}</span> : null}
                  {gaps.length > 0 ? <span>could not read: {gaps.join(', ')}</span> : null}
                  {!scan.failureReason && gaps.length === 0 ? <span className="muted">none</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
