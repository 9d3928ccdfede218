import { describe, expect, it } from 'vitest';
import { createMeshguardMetrics, unmatchedRoute } from './meshguard-metrics.js';
import { parseExposition, sampleValue } from './testing/exposition-parser.js';

describe('MeshguardMetrics', () => {
  it('exposes every meshguard metric and the process metrics as parseable Prometheus text', async () => {
    const metrics = createMeshguardMetrics({ service: 'worker', defaultLabels: { instance: 'w1' } });
    metrics.recordJob({ queue: 'scans', name: 'scan.run', outcome: 'completed' }, 2.4);
    metrics.recordJob({ queue: 'scans', name: 'scan.run', outcome: 'completed' }, 0.2);
    metrics.recordJob({ queue: 'scans', name: 'scan.run', outcome: 'retrying' }, 31);
    metrics.recordScan('succeeded');
    metrics.recordScan('succeeded');
    metrics.recordScan('partial');
    metrics.recordFindingsStored(1200);
    metrics.recordFindingsStored(34);
    metrics.recordHttpRequest({ method: 'get', route: '/clusters/:id', status: 200 }, 0.012);
    metrics.recordHttpRequest({ method: 'PROPFIND', route: unmatchedRoute, status: 404 }, 0.001);
    metrics.queueJobs.set({ queue: 'scans', state: 'waiting' }, 7);

    const exposition = parseExposition(await metrics.registry.metrics());

    expect(
      Object.fromEntries([...exposition.types].filter(([name]) => name.startsWith('meshguard_'))),
    ).toEqual({
      meshguard_queue_jobs: 'gauge',
      meshguard_job_duration_seconds: 'histogram',
      meshguard_scans_total: 'counter',
      meshguard_findings_stored_total: 'counter',
      meshguard_http_request_duration_seconds: 'histogram',
    });
    const completed = { queue: 'scans', name: 'scan.run', outcome: 'completed' };
    expect(sampleValue(exposition, 'meshguard_job_duration_seconds_count', completed)).toBe(2);
    expect(sampleValue(exposition, 'meshguard_job_duration_seconds_sum', completed)).toBeCloseTo(2.6);
    expect(
      sampleValue(exposition, 'meshguard_job_duration_seconds_bucket', { ...completed, le: '0.25' }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'meshguard_job_duration_seconds_bucket', { ...completed, le: '+Inf' }),
    ).toBe(2);
    expect(sampleValue(exposition, 'meshguard_job_duration_seconds_count', { outcome: 'retrying' })).toBe(1);
    expect(sampleValue(exposition, 'meshguard_scans_total', { outcome: 'succeeded' })).toBe(2);
    expect(sampleValue(exposition, 'meshguard_scans_total', { outcome: 'partial' })).toBe(1);
    expect(sampleValue(exposition, 'meshguard_findings_stored_total')).toBe(1234);
    expect(
      sampleValue(exposition, 'meshguard_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/clusters/:id',
        status: '200',
      }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'meshguard_http_request_duration_seconds_count', {
        method: 'OTHER',
        route: '(unmatched)',
      }),
    ).toBe(1);
    expect(sampleValue(exposition, 'meshguard_queue_jobs', { queue: 'scans', state: 'waiting' })).toBe(7);

    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.has('nodejs_eventloop_lag_seconds')).toBe(true);
    for (const sample of exposition.samples)
      expect(sample.labels).toMatchObject({ service: 'worker', instance: 'w1' });
  });

  it('times a job attempt with startJobTimer', async () => {
    const metrics = createMeshguardMetrics({ service: 'worker', processMetrics: false });
    const end = metrics.startJobTimer({ queue: 'reports', name: 'report.render' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(end('failed')).toBeGreaterThan(0.01);
    const exposition = parseExposition(await metrics.registry.metrics());
    expect(
      sampleValue(exposition, 'meshguard_job_duration_seconds_count', {
        queue: 'reports',
        outcome: 'failed',
      }),
    ).toBe(1);
    expect(exposition.types.has('process_cpu_user_seconds_total')).toBe(false);
  });

  it('keeps registries of different processes (or tests) apart', async () => {
    const api = createMeshguardMetrics({ service: 'api', processMetrics: false });
    const worker = createMeshguardMetrics({ service: 'worker', processMetrics: false });
    worker.recordScan('failed');
    const apiText = parseExposition(await api.registry.metrics());
    expect(apiText.samples.filter((sample) => sample.name === 'meshguard_scans_total')).toEqual([]);
    expect(sampleValue(parseExposition(await worker.registry.metrics()), 'meshguard_scans_total')).toBe(1);
  });

  it('rejects observations that would corrupt the series', () => {
    const metrics = createMeshguardMetrics({ service: 'api', processMetrics: false });
    expect(() => metrics.recordHttpRequest({ method: 'GET', route: '/x', status: 42 }, 0.1)).toThrow(
      /100 to 599/,
    );
    expect(() => metrics.recordHttpRequest({ method: 'GET', route: '/x', status: 200 }, -1)).toThrow(
      /non-negative/,
    );
    expect(() => metrics.recordJob({ queue: 'q', name: 'n', outcome: 'completed' }, Number.NaN)).toThrow(
      /non-negative/,
    );
    expect(() => metrics.recordFindingsStored(1.5)).toThrow(/non-negative integer/);
    expect(() => createMeshguardMetrics({ service: 'My Worker' })).toThrow(/kebab-case/);
  });
});

describe('parseExposition', () => {
  it('rejects malformed text, so the checks above can fail', () => {
    expect(() => parseExposition('# TYPE a counter\na 1')).toThrow(/newline/);
    expect(() => parseExposition('a 1\n')).toThrow(/no TYPE/);
    expect(() => parseExposition('# TYPE a counter\na{b="1} 1\n')).toThrow(/label syntax/);
    expect(() => parseExposition('# TYPE a counter\na one\n')).toThrow(/not a number/);
  });
});
