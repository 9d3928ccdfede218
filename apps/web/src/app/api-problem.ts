/** What a failed API call says, in words a person can act on, with the id that finds its log lines. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly correlationId: string | null,
    readonly fieldErrors: { field: string; message: string }[] = [],
    readonly reason: string | null = null,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  correlationId?: unknown;
  errors?: unknown;
  reason?: unknown;
}

/** Builds an ApiProblem from an RFC 9457 body (or anything else the server or a proxy answered). */
export function problemFrom(response: Response, body: unknown): ApiProblem {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
  const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
  const errors = Array.isArray(problem.errors)
    ? problem.errors.flatMap((entry: unknown) => {
        const { field, message } = (entry ?? {}) as { field?: unknown; message?: unknown };
        return typeof message === 'string' ? [{ field: typeof field === 'string' ? field : '', message }] : [];
      })
    : [];
  return new ApiProblem(
    response.status,
    text(problem.title) ?? (response.statusText || `HTTP ${response.status}`),
    text(problem.detail) ?? (typeof body === 'string' && body.length < 300 ? body : 'The server gave no explanation.'),
    text(problem.correlationId) ?? response.headers.get('x-correlation-id'),
    errors,
    text(problem.reason),
  );
}

/** The result shape of every openapi-fetch call. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves to the data of a successful call, or throws its ApiProblem, so TanStack Query sees one error type. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    throw new ApiProblem(0, 'Network error', `The API could not be reached (${String(error)}).`, null);
  }
  if (!result.response.ok) throw problemFrom(result.response, result.error);
  return result.data as T;
}
