import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useClusters } from '../fleet/fleet-queries.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { useDrift } from './cluster-queries.js';

/** Rules, controls and default-deny namespaces failing on one side only, against another cluster (GET /v1/fleet/drift). */
export function DriftPanel({ clusterId, clusterName, measured }: { clusterId: string; clusterName: string; measured: boolean }) {
  const clusters = useClusters();
  const [otherId, setOtherId] = useState('');
  const drift = useDrift(clusterId, measured ? otherId : '');
  const others = (clusters.data ?? []).filter((cluster) => cluster.id !== clusterId);
  const otherName = others.find((cluster) => cluster.id === otherId)?.name ?? '';

  if (clusters.isPending) return <Loading />;
  if (clusters.isError) return <ErrorNotice error={clusters.error} />;
  if (others.length === 0) return <Empty>Register a second cluster to compare with.</Empty>;
  if (!measured) return <Empty>Drift needs a finished scan of {clusterName}.</Empty>;
  const comparison = drift.data?.comparisons[0];
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
      {!otherId ? null : drift.isPending ? (
        <Loading />
      ) : drift.isError ? (
        <ErrorNotice error={drift.error} action="Comparing" />
      ) : !comparison ? (
        <Empty>{otherName} has no finished scan yet.</Empty>
      ) : comparison.rules.failingOnlyInBase.length + comparison.rules.failingOnlyInCompare.length === 0 &&
        !namespaceDrift(comparison.namespaces.ingress) &&
        !namespaceDrift(comparison.namespaces.egress) ? (
        <Empty>No drift: both clusters fail the same rules and isolate the same namespaces.</Empty>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Drift">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Failing only in {clusterName}</th>
                <th scope="col">Failing only in {otherName}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>
                  <RuleList clusterId={clusterId} rules={comparison.rules.failingOnlyInBase} />
                </td>
                <td>
                  <RuleList clusterId={otherId} rules={comparison.rules.failingOnlyInCompare} />
                </td>
              </tr>
              <tr>
                <td>
                  Default-deny ingress only here: {comparison.namespaces.ingress?.defaultDenyOnlyInBase.join(', ') || 'none'}
                </td>
                <td>
                  Default-deny ingress only there: {comparison.namespaces.ingress?.defaultDenyOnlyInCompare.join(', ') || 'none'}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function namespaceDrift(side: { defaultDenyOnlyInBase: string[]; defaultDenyOnlyInCompare: string[] } | null): boolean {
  return side !== null && side.defaultDenyOnlyInBase.length + side.defaultDenyOnlyInCompare.length > 0;
}

function RuleList({ clusterId, rules }: { clusterId: string; rules: string[] }) {
  if (rules.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="plain-list">
      {rules.map((rule) => (
        <li key={rule}>
          <Link to="/findings" search={{ clusterId, rule }}>
            {rule}
          </Link>
        </li>
      ))}
    </ul>
  );
}
