import { useId } from 'react';
import { formatDateTime } from '../ui/format.js';
import { LoadMore } from '../ui/pager.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { useAuditEvents } from './settings-queries.js';

export function AuditLogPanel() {
  const id = useId();
  const events = useAuditEvents(true);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Audit log</h2>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorNotice error={events.error} />
      ) : items.length === 0 ? (
        <Empty>Nothing recorded yet.</Empty>
      ) : (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit events">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Target</th>
                  <th scope="col">Source IP</th>
                  <th scope="col">Correlation id</th>
                </tr>
              </thead>
              <tbody>
                {items.map((event) => (
                  <tr key={event.id}>
                    <td>{formatDateTime(event.createdAt)}</td>
                    <td>
                      <code>{event.action}</code>
                    </td>
                    <td>{event.actor}</td>
                    <td>
                      {event.targetType} {event.targetId?.slice(0, 8)}
                    </td>
                    <td>{event.sourceIp ?? '—'}</td>
                    <td>
                      <code>{event.correlationId}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore hasMore={events.hasNextPage} loading={events.isFetchingNextPage} onMore={() => void events.fetchNextPage()} />
        </>
      )}
    </section>
  );
}
