import { ThreadCrashError } from '@meshguard/compute';
import { VaultError } from '@meshguard/db';
import { KubeApiError, KubeconfigRejectedError } from '@meshguard/k8s';
import { describe, expect, it } from 'vitest';
import { classifyScanError } from './scan-failure.js';

describe('classifyScanError', () => {
  it.each([
    [new KubeApiError(401, 'Unauthorized', '/api', 'Unauthorized'), 'permanent', '401'],
    [new KubeApiError(403, 'Forbidden', '/api', 'forbidden'), 'permanent', '403'],
    [new KubeApiError(404, 'NotFound', '/apis/x', 'not found'), 'permanent', '404'],
    [new KubeconfigRejectedError([{ path: 'clusters[0].cluster.server', reason: 'loopback address', fix: 'use a routable address' }]), 'permanent', 'clusters[0].cluster.server'],
    [new VaultError('decryption-failed', 'bad tag'), 'permanent', 'decryption-failed'],
    [new KubeApiError(0, 'ECONNRESET', '/api/v1/pods', 'socket hang up', true), 'transient', 'socket hang up'],
    [new KubeApiError(503, 'ServiceUnavailable', '/api', 'unavailable'), 'transient', 'unavailable'],
    [new KubeApiError(429, 'TooManyRequests', '/api', 'slow down'), 'transient', 'slow down'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'transient', 'ECONNREFUSED'],
    [new Error('Redis connection lost'), 'transient', 'Redis connection lost'],
    [new ThreadCrashError('scan-evaluation', Object.assign(new Error('heap'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }), 512), 'permanent', 'SCAN_THREAD_MEMORY_MB'],
    [new ThreadCrashError('scan-evaluation', new Error('worker exited with code: 1'), 512), 'transient', 'worker exited with code: 1'],
  ] as const)('%s is %s', (error, kind, mentions) => {
    const failure = classifyScanError(error);
    expect(failure.kind).toBe(kind);
    expect(failure.reason).toContain(mentions);
  });
});
