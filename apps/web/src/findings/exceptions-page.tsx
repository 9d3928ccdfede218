import { useState } from 'react';
import { useCan } from '../app/session.js';
import { formatDateTime, formatRelative } from '../ui/format.js';
import { LoadMore } from '../ui/pager.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { expiresSoon } from './exception-scope.js';
import { useExceptions, useRevokeException } from './findings-queries.js';

const states = ['active', 'expired', 'revoked', 'all'] as const;

export function ExceptionsPage() {
  const [state, setState] = useState<(typeof states)[number]>('active');
  const exceptions = useExceptions(state);
  const revoke = useRevokeException();
  const canWrite = useCan('admin');
  const now = new Date();
  const items = exceptions.data?.pages.flatMap((page) => page.items) ?? [];
  const soon = items.filter((exception) => !exception.revokedAt && expiresSoon(exception.expiresAt, now));

  return (
    <section>
      <h1>Exceptions</h1>
      <label>
        Show{' '}
        <select value={state} onChange={(event) => setState(event.target.value as (typeof states)[number])}>
          {states.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      {revoke.isError ? <ErrorNotice error={revoke.error} action="Revoking the exception" /> : null}
      {exceptions.isPending ? (
        <Loading />
      ) : exceptions.isError ? (
        <ErrorNotice error={exceptions.error} />
      ) : items.length === 0 ? (
        <Empty>No {state === 'all' ? '' : state} exceptions. Create one from a finding&apos;s page.</Empty>
      ) : (
        <>
          {soon.length > 0 ? (
            <p className="notice notice-warning" role="status">
              {soon.length} exception{soon.length === 1 ? '' : 's'} expire{soon.length === 1 ? 's' : ''} within 14 days.
            </p>
          ) : null}
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Exceptions">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Scope</th>
                  <th scope="col">Justification</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Expires</th>
                  {canWrite ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((exception) => (
                  <tr key={exception.id} className={expiresSoon(exception.expiresAt, now) && !exception.revokedAt ? 'row-warning' : undefined}>
                    <th scope="row">
                      <code>{exception.ruleId ?? 'every rule'}</code>
                      <div className="muted small">{exception.mode === 'accept' ? 'accepted risk' : 'excepted'}</div>
                    </th>
                    <td>
                      {exception.clusterId ? 'one cluster' : 'all clusters'}; {exception.kind ?? 'any kind'} {exception.namespacePattern}/{exception.namePattern}
                      {exception.container ? ` (container ${exception.container})` : ''}
                    </td>
                    <td>{exception.justification}</td>
                    <td>{exception.owner}</td>
                    <td>
                      {formatDateTime(exception.expiresAt)}
                      <div className={expiresSoon(exception.expiresAt, now) ? 'expiring small' : 'muted small'}>
                        {exception.revokedAt ? `revoked ${formatRelative(exception.revokedAt)}` : formatRelative(exception.expiresAt)}
                      </div>
                    </td>
                    {canWrite ? (
                      <td>
                        {!exception.revokedAt && new Date(exception.expiresAt) > now ? (
                          <button type="button" className="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate(exception.id)}>
                            Revoke
                          </button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <LoadMore hasMore={exceptions.hasNextPage} loading={exceptions.isFetchingNextPage} onMore={() => void exceptions.fetchNextPage()} />
        </>
      )}
    </section>
  );
}
