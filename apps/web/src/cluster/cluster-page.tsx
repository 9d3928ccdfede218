import { Link, useParams } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useCan } from '../app/session.js';
import { kubernetesSupportOf } from '../fleet/fleet-rows.js';
import { ScoreBadge, SeverityBadge, severities } from '../ui/badges.js';
import { formatDateTime, formatHours } from '../ui/format.js';
import { Empty, ErrorNotice, Loading, QueryView } from '../ui/states.js';
import { useCluster, useClusterMttr, useClusterScans, useClusterTrend, useScanNow } from './cluster-queries.js';
import { latestByArea, latestBySeverity, latestScored, mttrSummary, newVsResolved, scoreTrend } from './cluster-trends.js';
import { DriftPanel } from './drift-panel.js';
import { ScanHistory } from './scan-history.js';
import { ScheduleEditor } from './schedule-editor.js';
import { NewResolvedChart, ScoreTrendChart } from './trend-charts.js';

export function ClusterPage() {
  const { clusterId } = useParams({ from: '/clusters/$clusterId' });
  const cluster = useCluster(clusterId);
  const scans = useClusterScans(clusterId);
  const canScan = useCan('admin');
  const scanNow = useScanNow(clusterId);
  const scanning = scans.data?.some((scan) => scan.status === 'queued' || scan.status === 'running') ?? false;
  // 'none' once loaded without a finished scan, so the first finished scan counts as a change.
  useRefreshWhenScanEnds(clusterId, scans.data ? (scans.data.find((scan) => scan.finishedAt !== null)?.id ?? 'none') : undefined);

  return (
    <QueryView query={cluster} loading="Loading cluster…">
      {(data) => {
        const support = kubernetesSupportOf(data.serverVersion, new Date());
        return (
          <section>
            <p className="breadcrumb">
              <Link to="/">Fleet</Link> › {data.name}
            </p>
            <h1>{data.name}</h1>
            <dl className="facts">
              <div>
                <dt>API server</dt>
                <dd>{data.serverUrl}</dd>
              </div>
              <div>
                <dt>Kubernetes</dt>
                <dd>
                  {data.serverVersion ?? 'unknown'}
                  {support.support === 'end-of-life' ? <span className="eol"> (end of life since {support.endOfLife})</span> : null}
                </dd>
              </div>
              <div>
                <dt>Access</dt>
                <dd>{data.accessLevel}</dd>
              </div>
              <div>
                <dt>Labels</dt>
                <dd>{Object.entries(data.labels ?? {}).map(([key, value]) => `${key}=${String(value)}`).join(', ') || 'none'}</dd>
              </div>
            </dl>
            {data.lastVerificationError ? <p className="state state-error">Last verification failed: {data.lastVerificationError}</p> : null}
            <div className="actions">
              <Link to="/findings" search={{ clusterId }} className="button-link">
                Open findings
              </Link>
              <Link to="/clusters/$clusterId/network" params={{ clusterId }} className="button-link">
                Network
              </Link>
              {canScan ? (
                <button type="button" onClick={() => scanNow.mutate()} disabled={scanNow.isPending}>
                  {scanNow.isPending ? 'Requesting…' : 'Scan now'}
                </button>
              ) : null}
            </div>
            {scanning ? (
              <p role="status" className="notice">
                A scan is {scans.data?.find((scan) => scan.status === 'running') ? 'running' : 'queued'}; this page updates when it finishes.
              </p>
            ) : null}
            {scanNow.isError ? <ErrorNotice error={scanNow.error} action="Requesting a scan" /> : null}

            <h2>Schedule</h2>
            <ScheduleEditor cluster={data} canEdit={canScan} />

            {scans.isPending ? <Loading label="Loading scans…" /> : scans.isError ? <ErrorNotice error={scans.error} /> : <ClusterScans clusterId={clusterId} clusterName={data.name} scans={scans.data} />}
          </section>
        );
      }}
    </QueryView>
  );
}

/** When a scan finishes, everything about the cluster is read again: its server version, every scan list (the fleet's too). */
function useRefreshWhenScanEnds(clusterId: string, newestFinishedScanId: string | undefined) {
  const queryClient = useQueryClient();
  const seen = useRef(newestFinishedScanId);
  useEffect(() => {
    if (seen.current !== undefined && seen.current !== newestFinishedScanId) void queryClient.invalidateQueries({ queryKey: ['clusters', clusterId] });
    seen.current = newestFinishedScanId;
  }, [clusterId, newestFinishedScanId, queryClient]);
}

function ClusterScans({ clusterId, clusterName, scans }: { clusterId: string; clusterName: string; scans: NonNullable<ReturnType<typeof useClusterScans>['data']> }) {
  const latest = latestScored(scans);
  if (scans.length === 0) return <Empty>This cluster has not been scanned yet.</Empty>;
  return (
    <>
      <h2>Posture</h2>
      {latest ? <Posture clusterId={clusterId} latest={latest} /> : <Empty>No scan has finished with a score yet.</Empty>}
      <h2>Scan history</h2>
      <ScanHistory scans={scans} />
      <h2>Drift</h2>
      <DriftPanel clusterId={clusterId} clusterName={clusterName} measured={latest !== undefined} />
    </>
  );
}

type Scan = NonNullable<ReturnType<typeof useClusterScans>['data']>[number];

/** The latest numbers and their history, from the trends API (one point per scan). */
function Posture({ clusterId, latest }: { clusterId: string; latest: Scan }) {
  const trend = useClusterTrend(clusterId);
  const mttr = useClusterMttr(clusterId);
  const scoreSeries = useMemo(() => (trend.data ? scoreTrend(trend.data) : null), [trend.data]);
  const diffSeries = useMemo(() => (trend.data ? newVsResolved(trend.data) : null), [trend.data]);
  const mttrView = mttr.data ? mttrSummary(mttr.data) : null;
  const bySeverity = trend.data ? latestBySeverity(trend.data) : null;
  return (
    <>
      <div className="stat-row">
        <div className="stat">
          <span className="stat-label">Score</span>
          <ScoreBadge score={latest.score} />
        </div>
        <div className="stat">
          <span className="stat-label">Last scan</span>
          {formatDateTime(latest.finishedAt)}
        </div>
        <div className="stat">
          <span className="stat-label">MTTR (14 days)</span>
          {mttr.isPending ? '…' : formatHours(mttrView?.overallHours ?? null)}
        </div>
      </div>
      {trend.isPending ? (
        <Loading label="Loading trends…" />
      ) : trend.isError ? (
        <ErrorNotice error={trend.error} action="Loading trends" />
      ) : (
        <>
          <div className="two-columns">
            <div>
              <h3>Open findings by severity</h3>
              <ul className="count-list">
                {severities.map((severity) => (
                  <li key={severity}>
                    <Link to="/findings" search={{ clusterId, severity }}>
                      <SeverityBadge severity={severity} /> {bySeverity?.[severity] ?? 0}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>Open findings by area</h3>
              <ul className="count-list">
                {latestByArea(trend.data).map(([area, count]) => (
                  <li key={area}>
                    <Link to="/findings" search={{ clusterId, area }}>
                      {area}: {count}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </div>
          {scoreSeries ? <ScoreTrendChart trend={scoreSeries} /> : null}
          {diffSeries ? <NewResolvedChart trend={diffSeries} /> : null}
        </>
      )}
      <h3>Time to resolve, by severity</h3>
      {mttr.isPending ? (
        <Loading />
      ) : mttr.isError ? (
        <ErrorNotice error={mttr.error} action="Loading MTTR" />
      ) : mttrView && mttrView.rows.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Time to resolve">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Resolved</th>
                <th scope="col">Mean time to resolve</th>
                <th scope="col">Open</th>
                <th scope="col">Mean age of open</th>
              </tr>
            </thead>
            <tbody>
              {mttrView.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    <SeverityBadge severity={row.key} />
                  </th>
                  <td>{row.resolved}</td>
                  <td>{formatHours(row.meanHours)}</td>
                  <td>{row.open}</td>
                  <td>{formatHours(row.meanAgeHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty>No findings tracked yet.</Empty>
      )}
    </>
  );
}
