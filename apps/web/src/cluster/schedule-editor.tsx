import type { components } from '@meshguard/api-client';
import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/states.js';
import { useUpdateSchedule } from './cluster-queries.js';

type Cluster = components['schemas']['ClusterDto'];

/** Cron and time zone of the cluster's scheduled scans; the API validates both and answers with the field at fault. */
export function ScheduleEditor({ cluster, canEdit }: { cluster: Cluster; canEdit: boolean }) {
  const schedule = cluster.schedule as { cron?: string; timezone?: string } | null;
  const [cron, setCron] = useState(schedule?.cron ?? '0 3 * * *');
  const [timezone, setTimezone] = useState(schedule?.timezone ?? 'UTC');
  const update = useUpdateSchedule(cluster.id);

  if (!canEdit) {
    return <p>{schedule?.cron ? `Scanned on schedule ${schedule.cron} (${schedule.timezone ?? 'UTC'}).` : 'No schedule: scanned on request only.'}</p>;
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ cron: cron.trim(), timezone: timezone.trim() });
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Scan schedule">
      <label>
        Cron
        <input value={cron} onChange={(event) => setCron(event.target.value)} required aria-describedby="cron-help" />
      </label>
      <label>
        Time zone
        <input value={timezone} onChange={(event) => setTimezone(event.target.value)} required />
      </label>
      <button type="submit" disabled={update.isPending}>
        Save schedule
      </button>
      {schedule?.cron ? (
        <button type="button" className="secondary" disabled={update.isPending} onClick={() => update.mutate(null)}>
          Remove schedule
        </button>
      ) : null}
      <p id="cron-help" className="muted small">
        Five fields: minute hour day-of-month month day-of-week, e.g. <code>0 3 * * *</code> for 03:00 daily.
      </p>
      {update.isSuccess ? (
        <p role="status" className="notice">
          {update.data.schedule ? 'Schedule saved.' : 'Schedule removed.'}
        </p>
      ) : null}
      {update.isError ? <ErrorNotice error={update.error} action="Saving the schedule" /> : null}
    </form>
  );
}
