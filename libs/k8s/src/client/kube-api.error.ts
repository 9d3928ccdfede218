/** A request to the Kubernetes API that failed for good (after retries, where retrying made sense). */
export class KubeApiError extends Error {
  readonly code = 'kube-api-error';

  constructor(
    /** HTTP status, or 0 when no response arrived (network error, timeout, TLS failure). */
    readonly status: number,
    /** Kubernetes Status reason (`Forbidden`, `NotFound`, `Expired`…) or the network error code. */
    readonly reason: string,
    readonly path: string,
    message: string,
    readonly retryable = false,
  ) {
    super(`${path}: ${message}`);
    this.name = 'KubeApiError';
  }
}
