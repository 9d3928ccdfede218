import { Link } from '@tanstack/react-router';
import { ScoreBadge } from '../ui/badges.js';
import { formatRelative } from '../ui/format.js';
import { Sparkline } from '../ui/sparkline.js';
import type { FleetGroup, FleetRow } from './fleet-rows.js';

export function FleetTable({ groups, groupKey }: { groups: FleetGroup[]; groupKey: string | null }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Clusters">
      <table className="data-table fleet-table">
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Score</th>
            <th scope="col">Trend</th>
            <th scope="col">Critical</th>
            <th scope="col">High</th>
            <th scope="col">Coverage</th>
            <th scope="col">Kubernetes</th>
            <th scope="col">Last scan</th>
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.value ?? '\u0000none'}>
            {groupKey ? (
              <tr className="group-row">
                <th scope="rowgroup" colSpan={8}>
                  {group.value === null ? `no ${groupKey} label` : `${groupKey}=${group.value}`} ({group.rows.length})
                </th>
              </tr>
            ) : null}
            {group.rows.map((row) => (
              <FleetTableRow key={row.id} row={row} />
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

function FleetTableRow({ row }: { row: FleetRow }) {
  return (
    <tr>
      <th scope="row">
        <Link to="/clusters/$clusterId" params={{ clusterId: row.id }}>
          {row.name}
        </Link>
        <div className="labels">
          {Object.entries(row.labels).map(([key, value]) => (
            <span key={key} className="label-chip">
              {key}={value}
            </span>
          ))}
        </div>
      </th>
      <td>
        <ScoreBadge score={row.score} />
      </td>
      <td>
        <Sparkline values={row.trend} label={`Score trend of ${row.name} over ${row.trend.length} scans`} />
      </td>
      <td className={row.critical > 0 ? 'count count-critical' : 'count'}>{row.critical}</td>
      <td className={row.high > 0 ? 'count count-high' : 'count'}>{row.high}</td>
      <td>
        <span className={`coverage coverage-${row.coverage}`}>{row.coverage.replace('-', ' ')}</span>
        {row.coverageNote ? <div className="muted small">{row.coverageNote}</div> : null}
      </td>
      <td>
        {row.kubernetes.version ?? '—'}
        {row.kubernetes.support === 'end-of-life' ? (
          <div className="eol">end of life since {row.kubernetes.endOfLife}</div>
        ) : row.kubernetes.support === 'supported' ? (
          <div className="muted small">supported until {row.kubernetes.endOfLife}</div>
        ) : null}
      </td>
      <td>
        {formatRelative(row.lastScanAt)}
        {row.scanning ? <div className="muted small">scanning now</div> : null}
      </td>
    </tr>
  );
}
