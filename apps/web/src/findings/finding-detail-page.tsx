import { Link, useParams } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap } from '../app/api-problem.js';
import { useApi, useCan } from '../app/session.js';
import { useScanNow } from '../cluster/cluster-queries.js';
import { SeverityBadge, StatusBadge } from '../ui/badges.js';
import { formatDateTime } from '../ui/format.js';
import { ErrorNotice, QueryView } from '../ui/states.js';
import { ExceptionForm } from './exception-form.js';
import { resourceLabel } from './finding-filters.js';
import { useException, useFinding, useScan, type Finding } from './findings-queries.js';

export function FindingDetailPage() {
  const { findingId } = useParams({ from: '/findings/$findingId' });
  const finding = useFinding(findingId);
  return <QueryView query={finding} loading="Loading finding…">{(data) => <FindingDetail finding={data} />}</QueryView>;
}

/** The same finding (by fingerprint) in the cluster's latest finished scan: its status now, after exceptions and fixes. */
function useLatestVersion(finding: Finding, poll: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['findings', 'latest-version', finding.fingerprint],
    queryFn: async () => {
      const page = await unwrap(
        api.GET('/v1/findings', {
          params: {
            query: {
              clusterId: finding.clusterId,
              rule: [finding.ruleId],
              kind: finding.resource.kind,
              name: finding.resource.name,
              ...(finding.resource.namespace ? { namespace: finding.resource.namespace } : {}),
              limit: 500,
            },
          },
        }),
      );
      return page.items.find((candidate) => candidate.fingerprint === finding.fingerprint) ?? null;
    },
    refetchInterval: (query) => (poll && query.state.data?.scanId === finding.scanId ? 2_000 : false),
  });
}

function FindingDetail({ finding }: { finding: Finding }) {
  const canWrite = useCan('admin');
  const [waitingForScan, setWaitingForScan] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const latest = useLatestVersion(finding, waitingForScan);
  const firstSeen = useScan(finding.firstSeenScanId);
  const lastSeen = useScan(latest.data?.scanId ?? finding.lastSeenScanId);
  const exception = useException(latest.data?.exceptionId ?? finding.exceptionId);
  const scanNow = useScanNow(finding.clusterId);
  const current = latest.data ?? finding;
  const rule = finding.rule;

  return (
    <article>
      <p className="breadcrumb">
        <Link to="/clusters/$clusterId" params={{ clusterId: finding.clusterId }}>
          Cluster
        </Link>{' '}
        › <Link to="/findings" search={{ clusterId: finding.clusterId }}>Findings</Link> › {finding.ruleId}
      </p>
      <h1>{rule?.title ?? finding.ruleId}</h1>
      <p>
        <SeverityBadge severity={finding.severity} /> <StatusBadge status={current.status} />{' '}
        <span data-testid="finding-status">{current.status === 'open' ? 'open' : `${current.status} by an exception`}</span>
      </p>
      <p>{finding.message}</p>
      <dl className="facts">
        <div>
          <dt>Resource</dt>
          <dd>
            {resourceLabel(finding.resource)}
            {finding.container ? ` (container ${finding.container})` : ''}
          </dd>
        </div>
        <div>
          <dt>Rule</dt>
          <dd>
            <code>{finding.ruleId}</code> · {finding.area}
          </dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{firstSeen.data ? formatDateTime(firstSeen.data.finishedAt ?? firstSeen.data.requestedAt) : finding.firstSeenScanId ? '…' : 'unknown'}</dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>{lastSeen.data ? formatDateTime(lastSeen.data.finishedAt ?? lastSeen.data.requestedAt) : '…'}</dd>
        </div>
        <div>
          <dt>Exposure</dt>
          <dd>{finding.exposure ?? 'not assessed'}</dd>
        </div>
      </dl>
      {latest.data === null ? <p className="notice">The latest scan no longer reports this finding: it was fixed or its resource is gone.</p> : null}

      {exception.data ? (
        <section className="panel">
          <h2>Exception</h2>
          <p>
            {exception.data.justification} — <strong>{exception.data.owner}</strong>, until {formatDateTime(exception.data.expiresAt)}.
          </p>
        </section>
      ) : null}

      <section>
        <h2>Why it matters</h2>
        <p>{rule?.rationale ?? 'This rule has no rationale on record.'}</p>
      </section>
      <section>
        <h2>How to fix it</h2>
        <p>{rule?.remediation ?? '—'}</p>
        {rule?.remediationExample ? (
          <pre className="code-block" tabIndex={0} aria-label="Remediation example (YAML)">
            <code>{rule.remediationExample}</code>
          </pre>
        ) : null}
        {rule?.controls.length ? (
          <p className="muted">
            Controls: {rule.controls.map((control) => `${control.framework} ${control.control}`).join(', ')}
          </p>
        ) : null}
      </section>
      <section>
        <h2>Evidence</h2>
        <pre className="code-block" tabIndex={0} aria-label="Evidence (JSON)">
          <code>{JSON.stringify(finding.evidence, null, 2)}</code>
        </pre>
      </section>

      {canWrite && current.status === 'open' ? (
        created ? (
          <section className="panel" aria-live="polite">
            <p role="status" className="notice">
              Exception created. It applies from the next scan of this cluster.
            </p>
            <button
              type="button"
              disabled={scanNow.isPending || waitingForScan}
              onClick={() => scanNow.mutate(undefined, { onSuccess: () => setWaitingForScan(true) })}
            >
              {waitingForScan ? 'Scanning…' : 'Scan now to apply it'}
            </button>
            {scanNow.isError ? <ErrorNotice error={scanNow.error} action="Requesting a scan" /> : null}
          </section>
        ) : (
          <ExceptionForm finding={finding} onCreated={(exception) => setCreated(exception.id)} />
        )
      ) : null}
    </article>
  );
}
