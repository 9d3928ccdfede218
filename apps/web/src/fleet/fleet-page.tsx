import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useCan } from '../app/session.js';
import { ScoreBadge } from '../ui/badges.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { FleetFilters } from './fleet-filters.js';
import { useAddDemoCluster, useDemoCluster, useFleetPage } from './fleet-queries.js';
import { fleetPageSize, fleetRowOf, groupByLabel, labelKeysOf, noFilter, type FleetFilter } from './fleet-rows.js';
import { FleetTable } from './fleet-table.js';

/**
 * The fleet, worst first, one page of 50 at a time: the API sorts, filters and groups every cluster, and each row
 * carries its own sparkline, so a fleet of thousands costs one request per page.
 */
export function FleetPage() {
  const [filter, setFilter] = useState<FleetFilter>(noFilter);
  const [groupKey, setGroupKey] = useState<string | null>(null);
  // Cursors of the pages visited so far: the last is the page on screen (null: the first page).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const fleet = useFleetPage(filter, groupKey, cursor);
  const filtered = filter.labels.length > 0 || filter.coverage !== 'any' || filter.severity !== 'any';

  const rows = useMemo(() => (fleet.data?.items ?? []).map(fleetRowOf), [fleet.data]);
  const groups = groupKey ? groupByLabel(rows, groupKey) : [{ value: null, rows }];
  const restart = () => setCursors([null]);

  if (fleet.isPending) {
    return (
      <section>
        <h1>Fleet</h1>
        <Loading label="Loading clusters…" />
      </section>
    );
  }
  if (fleet.isError) {
    return (
      <section>
        <h1>Fleet</h1>
        <ErrorNotice error={fleet.error} />
      </section>
    );
  }
  const page = fleet.data;
  if (page.total === 0 && !filtered) {
    return (
      <section>
        <h1>Fleet</h1>
        <EmptyFleet />
      </section>
    );
  }
  return (
    <section>
      <h1>Fleet</h1>
      <p className="muted" aria-live="polite">
        {page.total} clusters{filtered ? ' match' : ''}, worst first
        {page.total > fleetPageSize ? `; page ${cursors.length} of ${Math.ceil(page.total / fleetPageSize)}` : ''}. Coverage:{' '}
        {Object.entries(page.coverage)
          .filter(([, count]) => count > 0)
          .map(([state, count]) => `${count} ${state.replace('-', ' ')}`)
          .join(', ') || 'none'}
        .
      </p>
      <FleetFilters
        filter={filter}
        onFilter={(next) => {
          setFilter(next);
          restart();
        }}
        labelKeys={labelKeysOf(rows, groupKey)}
        groupKey={groupKey}
        onGroupKey={(key) => {
          setGroupKey(key);
          restart();
        }}
      />
      {page.groups && groupKey ? <GroupSummary groupKey={groupKey} groups={page.groups} /> : null}
      {rows.length === 0 ? <Empty>No cluster matches these filters.</Empty> : <FleetTable groups={groups} groupKey={groupKey} />}
      <nav className="pager" aria-label="Fleet pages">
        <button type="button" onClick={() => setCursors(cursors.slice(0, -1))} disabled={cursors.length <= 1 || fleet.isFetching}>
          Previous
        </button>
        <span>Page {cursors.length}</span>
        <button type="button" onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])} disabled={!page.nextCursor || fleet.isFetching}>
          Next
        </button>
      </nav>
    </section>
  );
}

type FleetGroupSummary = NonNullable<NonNullable<ReturnType<typeof useFleetPage>['data']>['groups']>[number];

/** Aggregates per label value over every matching cluster (not just this page), worst average first. */
function GroupSummary({ groupKey, groups }: { groupKey: string; groups: FleetGroupSummary[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`Groups by ${groupKey}`}>
      <table className="data-table">
        <caption>Every matching cluster grouped by {groupKey}</caption>
        <thead>
          <tr>
            <th scope="col">{groupKey}</th>
            <th scope="col">Clusters</th>
            <th scope="col">Average score</th>
            <th scope="col">Lowest</th>
            <th scope="col">Critical</th>
            <th scope="col">High</th>
            <th scope="col">Not measured</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.value ?? '\u0000none'}>
              <th scope="row">{group.value ?? `no ${groupKey} label`}</th>
              <td>{group.clusters}</td>
              <td>
                <ScoreBadge score={group.averageScore} />
              </td>
              <td>
                <ScoreBadge score={group.minScore} />
              </td>
              <td className={group.open.critical > 0 ? 'count count-critical' : 'count'}>{group.open.critical}</td>
              <td className={group.open.high > 0 ? 'count count-high' : 'count'}>{group.open.high}</td>
              <td>{group.unknown}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** No cluster yet: in the embedded mode an admin can add the bundled demo cluster with one button. */
function EmptyFleet() {
  const canAdd = useCan('admin');
  const demo = useDemoCluster(canAdd);
  const add = useAddDemoCluster();
  return (
    <Empty>
      <p>No clusters yet.</p>
      {canAdd && demo.data?.available ? (
        <>
          <p>Try meshguard on the bundled simulated cluster: it changes a little every few minutes, so trends and fixes show up as it is scanned.</p>
          <button type="button" onClick={() => add.mutate()} disabled={add.isPending}>
            {add.isPending ? 'Adding the demo cluster…' : 'Add a demo cluster'}
          </button>
          {add.isError ? <ErrorNotice error={add.error} action="Adding the demo cluster" /> : null}
          {add.data?.cluster ? (
            <p role="status">
              Added <Link to="/clusters/$clusterId" params={{ clusterId: add.data.cluster.id }}>{add.data.cluster.name}</Link>; its first scan is running.
            </p>
          ) : null}
        </>
      ) : null}
      {demo.isError ? <ErrorNotice error={demo.error} /> : null}
      <p>
        Register a cluster with <code>POST /v1/clusters</code> (a kubeconfig for a read-only service account); see the API docs at <a href="/docs">/docs</a>.
      </p>
    </Empty>
  );
}
