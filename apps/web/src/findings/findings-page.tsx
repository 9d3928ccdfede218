import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import type { FindingsSearch } from '../app/router.js';
import { useClusters } from '../fleet/fleet-queries.js';
import { SeverityBadge, StatusBadge, severities } from '../ui/badges.js';
import { LoadMore } from '../ui/pager.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { findingStatuses, resourceLabel } from './finding-filters.js';
import { useFindings } from './findings-queries.js';

const textFilters = [
  ['area', 'Area'],
  ['rule', 'Rule id'],
  ['namespace', 'Namespace'],
  ['kind', 'Kind'],
  ['framework', 'Framework'],
  ['control', 'Control'],
] as const;

export function FindingsPage() {
  const search = useSearch({ from: '/findings' });
  const navigate = useNavigate({ from: '/findings' });
  const findings = useFindings(search);
  const clusters = useClusters();
  const clusterName = new Map((clusters.data ?? []).map((cluster) => [cluster.id, cluster.name]));
  const [draft, setDraft] = useState<FindingsSearch>(search);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: Object.fromEntries(Object.entries(draft).filter(([, value]) => value)) });
  };
  const items = findings.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section>
      <h1>Findings</h1>
      <p className="muted">From each cluster&apos;s latest finished scan, worst first.</p>
      <form className="filters" role="search" aria-label="Filter findings" onSubmit={apply}>
        <label>
          Cluster
          <select value={draft.clusterId ?? ''} onChange={(event) => setDraft({ ...draft, clusterId: event.target.value })}>
            <option value="">all clusters</option>
            {(clusters.data ?? []).map((cluster) => (
              <option key={cluster.id} value={cluster.id}>
                {cluster.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select value={draft.severity ?? ''} onChange={(event) => setDraft({ ...draft, severity: event.target.value })}>
            <option value="">any</option>
            {severities.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
            <option value="critical,high">critical or high</option>
          </select>
        </label>
        <label>
          Status
          <select value={draft.status ?? ''} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">any (open, excepted, accepted)</option>
            {findingStatuses.map((status) => (
              <option key={status} value={status}>
                {status === 'new' ? 'new since the previous scan' : status === 'resolved' ? 'resolved by the latest scan' : status}
              </option>
            ))}
          </select>
        </label>
        {textFilters.map(([name, label]) => (
          <label key={name}>
            {label}
            <input type="text" value={draft[name] ?? ''} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
          </label>
        ))}
        <div className="filter-actions">
          <button type="submit">Apply filters</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft({});
              void navigate({ search: {} });
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {findings.isPending ? (
        <Loading label="Loading findings…" />
      ) : findings.isError ? (
        <ErrorNotice error={findings.error} />
      ) : items.length === 0 ? (
        <Empty>No findings match. Either nothing is wrong here, or no scan has finished yet.</Empty>
      ) : (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Findings">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Cluster</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((finding) => (
                  <tr key={finding.id}>
                    <td>
                      <SeverityBadge severity={finding.severity} />
                    </td>
                    <th scope="row">
                      <Link to="/findings/$findingId" params={{ findingId: finding.id }}>
                        {finding.rule?.title ?? finding.ruleId}
                      </Link>
                      <div className="muted small">{finding.message}</div>
                    </th>
                    <td>{resourceLabel(finding.resource)}</td>
                    <td>{clusterName.get(finding.clusterId) ?? finding.clusterId.slice(0, 8)}</td>
                    <td>
                      <StatusBadge status={finding.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore hasMore={findings.hasNextPage} loading={findings.isFetchingNextPage} onMore={() => void findings.fetchNextPage()} />
        </>
      )}
    </section>
  );
}
