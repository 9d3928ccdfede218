import { useMemo, useState } from 'react';
import { Pager } from '../ui/pager.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { FleetFilters } from './fleet-filters.js';
import { fleetRowOf, groupByLabel, labelKeysOf, matchesFilter, noFilter, worstFirst, type FleetFilter } from './fleet-rows.js';
import { useClusters, useRecentScans } from './fleet-queries.js';
import { FleetTable } from './fleet-table.js';

export const fleetPageSize = 50;
/** Up to this many clusters, every cluster's scans are read, so the whole fleet sorts worst first. */
const wholeFleetLimit = 100;

export function FleetPage() {
  const clusters = useClusters();
  const [filter, setFilter] = useState<FleetFilter>(noFilter);
  const [groupKey, setGroupKey] = useState<string | null>(null);
  const [page, setPage] = useState(0);

  const all = useMemo(() => [...(clusters.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [clusters.data]);
  const whole = all.length <= wholeFleetLimit;
  const onScreen = useMemo(() => (whole ? all : all.slice(page * fleetPageSize, (page + 1) * fleetPageSize)), [all, whole, page]);
  const scans = useRecentScans(onScreen.map((cluster) => cluster.id));

  const rows = useMemo(() => {
    const now = new Date();
    return onScreen.map((cluster, index) => fleetRowOf(cluster, scans.scans[index] ?? [], now)).filter((row) => matchesFilter(row, filter));
  }, [onScreen, filter, scans.scans]);
  const sorted = useMemo(() => [...rows].sort(worstFirst), [rows]);
  const shown = whole ? sorted.slice(page * fleetPageSize, (page + 1) * fleetPageSize) : sorted;
  const pageCount = Math.ceil((whole ? sorted.length : all.length) / fleetPageSize);
  const groups = groupKey ? groupByLabel(shown, groupKey) : [{ value: null, rows: shown }];

  return (
    <section>
      <h1>Fleet</h1>
      {clusters.isPending ? (
        <Loading label="Loading clusters…" />
      ) : clusters.isError ? (
        <ErrorNotice error={clusters.error} />
      ) : all.length === 0 ? (
        <Empty>
          <p>No clusters yet.</p>
          <p>
            Register one with <code>POST /v1/clusters</code> (a kubeconfig for a read-only service account); see the API docs at{' '}
            <a href="/docs">/docs</a>.
          </p>
        </Empty>
      ) : (
        <>
          <p className="muted">
            {all.length} clusters{whole ? ', worst first' : `; page ${page + 1} sorted worst first`}.
          </p>
          <FleetFilters
            filter={filter}
            onFilter={(next) => {
              setFilter(next);
              setPage(0);
            }}
            labelKeys={labelKeysOf(onScreen.map((cluster) => fleetRowOf(cluster, [], new Date())))}
            groupKey={groupKey}
            onGroupKey={setGroupKey}
          />
          {scans.error ? <ErrorNotice error={scans.error} action="Loading scan history" /> : null}
          {scans.pending ? <Loading label="Loading scores…" /> : null}
          {shown.length === 0 ? <Empty>No cluster matches these filters.</Empty> : <FleetTable groups={groups} groupKey={groupKey} />}
          <Pager page={page} pageCount={pageCount} onPage={setPage} label="Fleet pages" />
        </>
      )}
    </section>
  );
}
