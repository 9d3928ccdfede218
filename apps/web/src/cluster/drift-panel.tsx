import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useClusters, useRecentScans } from '../fleet/fleet-queries.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { driftBetween, summaryOf } from './cluster-trends.js';
import type { components } from '@meshguard/api-client';

type Scan = components['schemas']['ScanDto'];
const latestScored = (scans: Scan[] | undefined) => scans?.find((scan) => scan.status === 'succeeded' || scan.status === 'partial');

/** Which rules fail more or less here than on another cluster, from both clusters' latest scans. */
export function DriftPanel({ clusterId, clusterName, scans }: { clusterId: string; clusterName: string; scans: Scan[] }) {
  const clusters = useClusters();
  const [otherId, setOtherId] = useState('');
  const other = useRecentScans(otherId ? [otherId] : [], 5);
  const others = (clusters.data ?? []).filter((cluster) => cluster.id !== clusterId);
  const otherName = others.find((cluster) => cluster.id === otherId)?.name ?? '';
  const rows = useMemo(() => {
    const there = latestScored(other.scans[0]);
    return there ? driftBetween(summaryOf(latestScored(scans)), summaryOf(there)) : null;
  }, [other.scans, scans]);

  if (clusters.isPending) return <Loading />;
  if (clusters.isError) return <ErrorNotice error={clusters.error} />;
  if (others.length === 0) return <Empty>Register a second cluster to compare with.</Empty>;
  return (
    <div>
      <label>
        Compare with{' '}
        <select value={otherId} onChange={(event) => setOtherId(event.target.value)}>
          <option value="">choose a cluster</option>
          {others.map((cluster) => (
            <option key={cluster.id} value={cluster.id}>
              {cluster.name}
            </option>
          ))}
        </select>
      </label>
      {!otherId ? null : other.pending ? (
        <Loading />
      ) : other.error ? (
        <ErrorNotice error={other.error} />
      ) : rows === null ? (
        <Empty>{otherName} has no finished scan yet.</Empty>
      ) : rows.length === 0 ? (
        <Empty>No drift: both clusters fail the same rules equally often.</Empty>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Drift">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">{clusterName}</th>
                <th scope="col">{otherName}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.ruleId}>
                  <th scope="row">
                    <Link to="/findings" search={{ clusterId, rule: row.ruleId }}>
                      {row.ruleId}
                    </Link>
                  </th>
                  <td>{row.here}</td>
                  <td>{row.there}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
