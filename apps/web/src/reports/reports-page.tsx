import type { components } from '@meshguard/api-client';
import { useMemo, useState } from 'react';
import { useApi, useCan } from '../app/session.js';
import { useClusters } from '../fleet/fleet-queries.js';
import { StatusBadge } from '../ui/badges.js';
import { formatDateTime } from '../ui/format.js';
import { Empty, ErrorNotice, QueryView } from '../ui/states.js';
import { ReportSchedules } from './report-schedules.js';
import { describeScope, shortDigest } from './report-scope.js';
import { GenerateReportForm } from './generate-report-form.js';
import { downloadReport, useDeleteReport, useReports, useSigningKeys } from './reports-queries.js';

type Report = components['schemas']['ReportDto'];

/** Reports: generate, list with status, download, digest and signature (with the key that verifies it), schedules. */
export function ReportsPage() {
  const canWrite = useCan('admin');
  const clusters = useClusters();
  const clusterNames = useMemo(() => new Map((clusters.data ?? []).map((cluster) => [cluster.id, cluster.name])), [clusters.data]);
  return (
    <section>
      <h1>Reports</h1>
      {canWrite ? (
        <>
          <h2>Generate a report</h2>
          <GenerateReportForm clusters={clusters.data ?? []} />
        </>
      ) : null}
      <h2>Generated reports</h2>
      <ReportList canWrite={canWrite} clusterNames={clusterNames} />
      <h2>Schedules</h2>
      <ReportSchedules canWrite={canWrite} clusters={clusters.data ?? []} clusterNames={clusterNames} />
      <h2 id="signing-keys">Signing keys</h2>
      <SigningKeys />
    </section>
  );
}

function ReportList({ canWrite, clusterNames }: { canWrite: boolean; clusterNames: ReadonlyMap<string, string> }) {
  const reports = useReports();
  const remove = useDeleteReport();
  return (
    <QueryView query={reports} loading="Loading reports…" isEmpty={(items) => items.length === 0} empty="No reports yet.">
      {(items) => (
        <>
          {remove.isError ? <ErrorNotice error={remove.error} action="Deleting the report" /> : null}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Report list">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Report</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Digest and signature</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {items.map((report) => (
                  <ReportRow key={report.id} report={report} canWrite={canWrite} clusterNames={clusterNames} onDelete={() => remove.mutate(report.id)} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </QueryView>
  );
}

function ReportRow({ report, canWrite, clusterNames, onDelete }: { report: Report; canWrite: boolean; clusterNames: ReadonlyMap<string, string>; onDelete: () => void }) {
  const api = useApi();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const label = `${report.framework} ${report.format.toUpperCase()}`;
  return (
    <tr>
      <th scope="row">
        {label}
        <div className="muted small">
          {describeScope(report.scope, clusterNames)} · as of {formatDateTime(report.asOf)}
          {report.trigger === 'schedule' ? ' · scheduled' : ''}
        </div>
      </th>
      <td>
        <StatusBadge status={report.status} />
        {report.failureReason ? <div className="small">{report.failureReason}</div> : null}
      </td>
      <td>{formatDateTime(report.createdAt)}</td>
      <td className="small">
        {report.digest ? (
          <>
            <div>
              Digest <code title={report.digest}>{shortDigest(report.digest)}</code>
            </div>
            {report.signature ? (
              <div>
                Signed by key{' '}
                <a href="#signing-keys" title={report.signature.keyId}>
                  <code>{shortDigest(report.signature.keyId)}</code>
                </a>
              </div>
            ) : (
              <div className="muted">unsigned</div>
            )}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <div className="row-actions">
          {report.status === 'ready' ? (
            <button
              type="button"
              onClick={() => {
                setDownloadError(null);
                downloadReport(api, report).catch(setDownloadError);
              }}
              aria-label={`Download ${label} report`}
            >
              Download
            </button>
          ) : null}
          {canWrite ? (
            <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${label} report`}>
              Delete
            </button>
          ) : null}
        </div>
        {downloadError ? <ErrorNotice error={downloadError} action="Downloading" /> : null}
      </td>
    </tr>
  );
}

function SigningKeys() {
  const reports = useReports();
  const keys = useSigningKeys((reports.data ?? []).flatMap((report) => (report.signature ? [report.signature.keyId] : [])));
  return (
    <QueryView query={keys} isEmpty={(items) => items.length === 0} empty={<Empty>No signing key yet: the first report creates one.</Empty>}>
      {(items) => (
        <>
          <p className="muted">
            Verify a downloaded report offline with <code>meshguard report verify --public-key key.pem</code> and the key that signed it.
          </p>
          <ul className="plain-list key-list">
            {items.map((key) => (
              <li key={key.keyId}>
                <code>{key.keyId}</code> · {key.algorithm} · {key.status} since {formatDateTime(key.status === 'retired' ? key.retiredAt : key.createdAt)}
                <details>
                  <summary>Public key (PEM)</summary>
                  <pre className="pem">{key.publicKeyPem}</pre>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </QueryView>
  );
}
