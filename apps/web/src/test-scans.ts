import type { components } from '@meshguard/api-client';

type Scan = components['schemas']['ScanDto'];

/** A scan as the API returns it, with only what a test cares about given. */
export function scanOf(overrides: Partial<Scan> & { id: string; finishedAt?: string | null }): Scan {
  return {
    clusterId: 'c1',
    status: 'succeeded',
    trigger: 'manual',
    requestedAt: overrides.finishedAt ?? '2026-12-01T00:00:00.000Z',
    startedAt: overrides.finishedAt ?? null,
    finishedAt: null,
    failureReason: null,
    coverage: {},
    summary: null,
    score: null,
    ...overrides,
  } as Scan;
}
