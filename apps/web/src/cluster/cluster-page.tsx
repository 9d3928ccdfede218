import { Link, useParams } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useCan } from '../app/session.js';
import { kubernetesSupportOf } from '../fleet/fleet-rows.js';
import { ScoreBadge, SeverityBadge, severities } from '../ui/badges.js';
import { formatDateTime, formatHours } from '../ui/format.js';
import { Empty, ErrorNotice, Loading, QueryView } from '../ui/states.js';
import { useCluster, useClusterScans, useResolvedFindings, useScanNow } from './cluster-queries.js';
import { countsDescending, meanTimeToRemediateHours, newVsResolved, scoreTrend, summaryOf, trendScans } from './cluster-trends.js';
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
  const scored = useMemo(() => trendScans(scans), [scans]);
  const latest = scored.at(-1);
  const summary = summaryOf(latest);
  const scoreSeries = useMemo(() => scoreTrend(scans), [scans]);
  const diffSeries = useMemo(() => newVsResolved(scans), [scans]);
  const resolved = useResolvedFindings(clusterId, scored.length > 1);
  const mttr = resolved.data ? meanTimeToRemediateHours(resolved.data, scans, latest) : null;

  if (scans.length === 0) return <Empty>This cluster has not been scanned yet.</Empty>;
  return (
    <>
      <h2>Posture</h2>
      {latest ? (
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
              <span className="stat-label">MTTR (latest fixes)</span>
              {resolved.isPending && scored.length > 1 ? '…' : formatHours(mttr)}
            </div>
          </div>
          <div className="two-columns">
            <div>
              <h3>Open findings by severity</h3>
              <ul className="count-list">
                {severities.map((severity) => (
                  <li key={severity}>
                    <Link to="/findings" search={{ clusterId, severity }}>
                      <SeverityBadge severity={severity} /> {summary.bySeverity[severity] ?? 0}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>Open findings by area</h3>
              <ul className="count-list">
                {countsDescending(summary.byArea).map(([area, count]) => (
                  <li key={area}>
                    <Link to="/findings" search={{ clusterId, area }}>
                      {area}: {count}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <ScoreTrendChart trend={scoreSeries} />
          <NewResolvedChart trend={diffSeries} />
        </>
      ) : (
        <Empty>No scan has finished with a score yet.</Empty>
      )}
      <h2>Scan history</h2>
      <ScanHistory scans={scans} />
      <h2>Drift</h2>
      <DriftPanel clusterId={clusterId} clusterName={clusterName} scans={scans} />
    </>
  );
}
