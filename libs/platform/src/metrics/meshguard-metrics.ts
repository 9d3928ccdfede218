import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sampleQueueDepths, type QueueDepthSource } from './queue-depth-sampler.js';

/** How a job attempt ended: done, failed with another attempt scheduled, or failed for good. */
export type JobOutcome = 'completed' | 'retrying' | 'failed';

/** How a scan ended (the scan status of the API). */
export type ScanOutcome = 'succeeded' | 'partial' | 'failed';

/** Route label for requests no route matched, so probes of random paths cannot blow up the label set. */
export const unmatchedRoute = '(unmatched)';

const httpMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface MetricsOptions {
  /** The process's role (`api`, `worker`), added as the `service` label to every series. */
  service: string;
  /** Further labels for every series (e.g. `instance`). */
  defaultLabels?: Record<string, string>;
  /** Node.js process metrics (CPU, memory, event loop lag, GC, handles); default true. */
  processMetrics?: boolean;
}

/**
 * One process's Prometheus registry with meshguard's metrics. Create one per process (or per test) and serve
 * `registry` with {@link metricsRequestHandler}; the methods record each kind of observation.
 */
export class MeshguardMetrics {
  readonly registry = new Registry();
  readonly queueJobs: Gauge<'queue' | 'state'>;
  readonly jobDuration: Histogram<'queue' | 'name' | 'outcome'>;
  readonly scans: Counter<'outcome'>;
  readonly findingsStored: Counter;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly watchedQueues: QueueDepthSource[] = [];

  constructor(options: MetricsOptions) {
    if (!/^[a-z][a-z0-9-]*$/.test(options.service))
      throw new TypeError(
        `metrics service name ${JSON.stringify(options.service)} must be lowercase kebab-case, e.g. "worker"`,
      );
    this.registry.setDefaultLabels({ ...options.defaultLabels, service: options.service });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.queueJobs = new Gauge({
      name: 'meshguard_queue_jobs',
      help: 'Jobs in each BullMQ queue by state, sampled at scrape time (and whenever sampleQueueDepths runs).',
      labelNames: ['queue', 'state'],
      registers,
      collect: async () => {
        if (this.watchedQueues.length > 0) await sampleQueueDepths(this, this.watchedQueues);
      },
    });
    this.jobDuration = new Histogram({
      name: 'meshguard_job_duration_seconds',
      help: 'Wall time of one job attempt, by queue, job name and outcome.',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    });
    this.scans = new Counter({
      name: 'meshguard_scans_total',
      help: 'Scans finished, by outcome (succeeded, partial, failed).',
      labelNames: ['outcome'],
      registers,
    });
    this.findingsStored = new Counter({
      name: 'meshguard_findings_stored_total',
      help: 'Findings written to the database; rate() gives findings stored per second.',
      registers,
    });
    this.httpRequestDuration = new Histogram({
      name: 'meshguard_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  /** Records one job attempt that took `seconds`. */
  recordJob(labels: { queue: string; name: string; outcome: JobOutcome }, seconds: number): void {
    this.jobDuration.observe(labels, nonNegative(seconds, 'job duration'));
  }

  /** Starts timing a job attempt; call the returned function with the outcome when it ends. Returns the seconds. */
  startJobTimer(labels: { queue: string; name: string }): (outcome: JobOutcome) => number {
    const end = this.jobDuration.startTimer(labels);
    return (outcome) => end({ outcome });
  }

  recordScan(outcome: ScanOutcome): void {
    this.scans.inc({ outcome });
  }

  /** Adds `count` findings written by one store operation. */
  recordFindingsStored(count: number): void {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`findings stored must be a non-negative integer, got ${count}`);
    this.findingsStored.inc(count);
  }

  /**
   * Records one HTTP request. `route` is the route template (`/clusters/:id`), never the raw path, so the label set
   * stays bounded; use {@link unmatchedRoute} for requests no route matched. Unknown methods are counted as OTHER.
   */
  recordHttpRequest(labels: { method: string; route: string; status: number }, seconds: number): void {
    const method = labels.method.toUpperCase();
    if (!Number.isInteger(labels.status) || labels.status < 100 || labels.status > 599)
      throw new RangeError(`HTTP status must be an integer from 100 to 599, got ${labels.status}`);
    this.httpRequestDuration.observe(
      {
        method: httpMethods.has(method) ? method : 'OTHER',
        route: labels.route,
        status: String(labels.status),
      },
      nonNegative(seconds, 'request duration'),
    );
  }

  /** Samples these queues' depths on every scrape (in addition to explicit {@link sampleQueueDepths} calls). */
  watchQueues(queues: readonly QueueDepthSource[]): void {
    for (const queue of queues) if (!this.watchedQueues.includes(queue)) this.watchedQueues.push(queue);
  }
}

/** A metrics registry for one process; see {@link MeshguardMetrics}. */
export function createMeshguardMetrics(options: MetricsOptions): MeshguardMetrics {
  return new MeshguardMetrics(options);
}

function nonNegative(seconds: number, what: string): number {
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new RangeError(`${what} must be a non-negative number of seconds, got ${seconds}`);
  return seconds;
}
