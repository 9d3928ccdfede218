/**
 * Every error a service may throw on purpose, by stable code. The code becomes the problem `type`
 * (`https://meshguard.dev/problems/<code>`), so clients can branch on it; renaming one is a breaking change.
 */
export const domainErrorCodes = [
  'validation-failed',
  'malformed-json',
  'malformed-request',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'kubeconfig-rejected',
  'cluster-unreachable',
  'cluster-write-capable',
  'cluster-unauthorized',
  'cluster-access-unknown',
  'idempotency-key-reused',
  'payload-too-large',
  'unsupported-media-type',
  'headers-too-large',
  'rate-limited',
  'unavailable',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** One problem with one input field: `field` is a JSON-pointer-like path into the request body or query. */
export interface FieldError {
  field: string;
  message: string;
}

/** An expected failure with a code, a message for people, and optional field errors. */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Every problem `type` the API answers with: the domain codes, plus `internal` for a 500 (a bug, always logged). */
export const problemTypeCodes = [...domainErrorCodes, 'internal'] as const;
export type ProblemTypeCode = (typeof problemTypeCodes)[number];

/** HTTP status of each code: one exhaustive switch, so a new code cannot ship without a status. */
export function httpStatusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'validation-failed':
    case 'malformed-json':
    case 'malformed-request':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload-too-large':
      return 413;
    case 'unsupported-media-type':
      return 415;
    case 'kubeconfig-rejected':
    case 'cluster-write-capable':
    case 'cluster-unauthorized':
    case 'cluster-access-unknown':
    case 'idempotency-key-reused':
      return 422;
    case 'headers-too-large':
      return 431;
    case 'rate-limited':
      return 429;
    case 'cluster-unreachable':
      return 502;
    case 'unavailable':
      return 503;
  }
}
