import { ThreadCrashError } from '@meshguard/compute';
import { VaultError } from '@meshguard/db';
import { KubeApiError, KubeconfigRejectedError } from '@meshguard/k8s';

/** A failure the pipeline recognised: permanent ones fail the scan at once, transient ones are retried with backoff. */
export class ScanFailure extends Error {
  constructor(
    readonly kind: 'permanent' | 'transient',
    /** Shown to users as the scan's failure_reason: what went wrong and what to do; never a secret. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'ScanFailure';
  }
}

/** Thrown when the worker is shutting down and hands the scan back to the queue. */
export class ScanHandedBackError extends Error {
  constructor() {
    super('the worker is shutting down; the scan goes back to the queue');
    this.name = 'ScanHandedBackError';
  }
}

const transientNetworkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
]);

/**
 * Decides whether an error of a scan is worth retrying. Credentials the cluster refuses, kubeconfigs the intake
 * rejects and clusters that are gone are permanent; time-outs, 5xx, 429, resets and our own Redis or PostgreSQL being
 * briefly away are transient. Anything unrecognised is treated as transient (retries are bounded).
 */
export function classifyScanError(error: unknown): ScanFailure {
  if (error instanceof ScanFailure) return error;
  if (error instanceof KubeconfigRejectedError)
    return new ScanFailure('permanent', `${error.message}\nReplace the cluster's kubeconfig (PATCH /v1/clusters/{id}).`, { cause: error });
  if (error instanceof VaultError)
    return new ScanFailure(
      'permanent',
      `the stored credentials cannot be opened (${error.code}); replace the cluster's kubeconfig or check MASTER_KEYS`,
      { cause: error },
    );
  if (error instanceof ThreadCrashError)
    // The same snapshot would need the same memory again, so running out of it is final; another crash may not recur.
    return error.outOfMemory
      ? new ScanFailure(
          'permanent',
          `evaluating this cluster's snapshot needed more memory than a scan thread may use (${error.message}); raise SCAN_THREAD_MEMORY_MB (docs/scaling.md)`,
          { cause: error },
        )
      : new ScanFailure('transient', `the scan's evaluation thread crashed: ${error.message}`, { cause: error });
  if (error instanceof KubeApiError) {
    if (error.status === 401)
      return new ScanFailure(
        'permanent',
        `the cluster rejected the stored credentials (401 Unauthorized at ${error.path}); they were revoked or have expired — replace the cluster's kubeconfig`,
        { cause: error },
      );
    if (error.status === 403)
      return new ScanFailure(
        'permanent',
        `the stored credentials may not read the API (403 Forbidden at ${error.path}); grant get/list on the resources (read-only) or replace the kubeconfig`,
        { cause: error },
      );
    if (error.status === 0 || error.status === 429 || error.status >= 500 || error.retryable)
      return new ScanFailure('transient', `the cluster API could not be reached or failed: ${error.message}`, { cause: error });
    return new ScanFailure('permanent', `the cluster API answered ${error.status} (${error.reason}): ${error.message}`, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && transientNetworkCodes.has(code))
    return new ScanFailure('transient', `network error ${code}: ${messageOf(error)}`, { cause: error });
  return new ScanFailure('transient', messageOf(error), { cause: error });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
