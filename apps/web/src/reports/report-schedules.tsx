import type { components } from '@meshguard/api-client';
import { useId, useState, type FormEvent } from 'react';
import { formatDateTime } from '../ui/format.js';
import { ErrorNotice, QueryView } from '../ui/states.js';
import { describeScope, frameworkChoices, fleetScope, scopeOf, type ReportFormat, type ScopeDraft } from './report-scope.js';
import { ReportFields } from './scope-fields.js';
import { useCreateSchedule, useDeleteSchedule, useReportSchedules, useScoredFrameworks } from './reports-queries.js';

type Cluster = components['schemas']['ClusterDto'];

/** Report schedules with their next run times; an admin creates and deletes them. */
export function ReportSchedules({ canWrite, clusters, clusterNames }: { canWrite: boolean; clusters: Cluster[]; clusterNames: ReadonlyMap<string, string> }) {
  const schedules = useReportSchedules();
  const remove = useDeleteSchedule();
  return (
    <>
      <QueryView query={schedules} loading="Loading schedules…" isEmpty={(items) => items.length === 0} empty="No report schedules.">
        {(items) => (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Report schedules">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Schedule</th>
                  <th scope="col">When</th>
                  <th scope="col">Next runs</th>
                  <th scope="col">Recipients</th>
                  {canWrite ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((schedule) => (
                  <tr key={schedule.id}>
                    <th scope="row">
                      {schedule.name}
                      <div className="muted small">
                        {schedule.framework} · {describeScope(schedule.scope, clusterNames)} · {schedule.formats.join(', ').toUpperCase()}
                      </div>
                    </th>
                    <td>
                      <code>{schedule.cron}</code> ({schedule.timezone})
                    </td>
                    <td className="small">
                      <ul className="plain-list">
                        {schedule.nextRuns.slice(0, 3).map((run) => (
                          <li key={run}>{formatDateTime(run)}</li>
                        ))}
                      </ul>
                    </td>
                    <td className="small">{schedule.emailRecipients.join(', ') || (schedule.webhook ? 'webhooks' : '—')}</td>
                    {canWrite ? (
                      <td>
                        <button type="button" className="danger" onClick={() => remove.mutate(schedule.id)} aria-label={`Delete schedule ${schedule.name}`}>
                          Delete
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {remove.isError ? <ErrorNotice error={remove.error} action="Deleting the schedule" /> : null}
      {canWrite ? <ScheduleForm clusters={clusters} /> : null}
    </>
  );
}

function ScheduleForm({ clusters }: { clusters: Cluster[] }) {
  const id = useId();
  const frameworks = useScoredFrameworks();
  const create = useCreateSchedule();
  const [name, setName] = useState('');
  const [cron, setCron] = useState('0 6 * * 1');
  const [timezone, setTimezone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [framework, setFramework] = useState('cis-k8s-v1.10');
  const [scope, setScope] = useState<ScopeDraft>(fleetScope);
  const [formats, setFormats] = useState<ReportFormat[]>(['pdf']);
  const [recipients, setRecipients] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = scopeOf(scope);
    if ('problem' in checked) return setProblem(checked.problem);
    setProblem(null);
    const emailRecipients = recipients
      .split(/[,\s]+/)
      .map((address) => address.trim())
      .filter(Boolean);
    create.mutate({ name, cron, timezone, framework: framework.trim(), scope: checked.scope, formats, emailRecipients }, { onSuccess: () => setName('') });
  };
  return (
    <form className="stacked-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New schedule</h3>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} required placeholder="Weekly CIS for the auditor" />
      <label htmlFor={`${id}-cron`}>Cron (five fields)</label>
      <input id={`${id}-cron`} value={cron} onChange={(event) => setCron(event.target.value)} required />
      <label htmlFor={`${id}-timezone`}>Time zone (IANA)</label>
      <input id={`${id}-timezone`} value={timezone} onChange={(event) => setTimezone(event.target.value)} required placeholder="Europe/Berlin" />
      <ReportFields
        id={id}
        frameworks={frameworkChoices(frameworks.data ?? [])}
        framework={framework}
        onFramework={setFramework}
        scope={scope}
        onScope={setScope}
        formats={formats}
        onFormats={setFormats}
        clusters={clusters}
      />
      <label htmlFor={`${id}-recipients`}>Email recipients (comma-separated, optional)</label>
      <input id={`${id}-recipients`} value={recipients} onChange={(event) => setRecipients(event.target.value)} placeholder="auditor@example.com" />
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Saving…' : 'Create schedule'}
      </button>
      {problem ? (
        <p className="state state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {create.isError ? <ErrorNotice error={create.error} action="Creating the schedule" /> : null}
    </form>
  );
}
