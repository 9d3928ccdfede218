import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiProblem } from '../app/api-problem.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** A failed call as a readable message, with the correlation id that support can look up. */
export function ErrorNotice({ error, action }: { error: unknown; action?: string }) {
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{action ? `${action} failed` : (problem?.title ?? 'Something went wrong')}:</strong>{' '}
        {problem?.detail ?? (error instanceof Error ? error.message : String(error))}
      </p>
      {problem && problem.fieldErrors.length > 0 ? (
        <ul>
          {problem.fieldErrors.map((fieldError) => (
            <li key={`${fieldError.field}:${fieldError.message}`}>
              {fieldError.field ? <code>{fieldError.field}</code> : null} {fieldError.message}
            </li>
          ))}
        </ul>
      ) : null}
      {problem?.correlationId ? (
        <p className="muted">
          Correlation id: <code>{problem.correlationId}</code>
        </p>
      ) : null}
    </div>
  );
}

/** Renders a query's loading, error, empty and data states the same way on every page. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loading?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={loading} />;
  if (query.isError) return <ErrorNotice error={query.error} />;
  if (isEmpty?.(query.data)) return <Empty>{empty ?? 'Nothing here yet.'}</Empty>;
  return <>{children(query.data)}</>;
}
