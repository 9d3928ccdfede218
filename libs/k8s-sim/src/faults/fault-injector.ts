import { rollFor } from './seeded-random.js';

/**
 * Faults injected into resource requests (list/get), decided per request from a seed: the n-th attempt of the same
 * method + URL always gets the same decision, so runs are reproducible even with concurrent clients.
 */
export interface FaultOptions {
  /** Seed of every fault decision (default 1). */
  seed?: number;
  /** Added delay per request, fixed or a [min, max] range in milliseconds. */
  latencyMs?: number | [number, number];
  /** Fraction of requests answered with a 5xx Status. */
  serverErrorRate?: number;
  /** Status code of injected server errors (default 500; 503 carries Retry-After). */
  serverErrorStatus?: 500 | 502 | 503 | 504;
  /** Fraction of requests answered 429 TooManyRequests with a Retry-After header. */
  throttleRate?: number;
  /** Retry-After seconds for 429 and 503 (default 1). */
  retryAfterSeconds?: number;
  /** Fraction of list responses whose connection is reset after part of the body was sent. */
  resetRate?: number;
  /** Fraction of requests carrying a continue token that are answered 410 Gone (reason Expired). */
  expireContinueRate?: number;
  /** Continue tokens older than this expire (410), like an etcd compaction window. */
  continueTokenTtlMs?: number;
  /** Fraction of list pages delayed by `slowPageMs` after the headers were sent. */
  slowPageRate?: number;
  /** Delay of a slow page (default 2000 ms). */
  slowPageMs?: number;
  /** The same method + URL is faulted at most this many times, then served normally (default 2), so retries can win. */
  maxFaultsPerRequest?: number;
  /** Which requests faults apply to: resource reads only (default) or also discovery, version and access reviews. */
  appliesTo?: 'resources' | 'all';
}

export type FaultKind = 'latency' | 'server-error' | 'throttle' | 'reset' | 'expired-continue' | 'slow-page';

/** What to do to one request; `latencyMs` applies in every case. */
export interface FaultDecision {
  latencyMs: number;
  /** An answer that replaces the normal response, or a body cut. */
  failure?: 'server-error' | 'throttle' | 'reset' | 'expired-continue';
  slowPageMs?: number;
}

export interface RequestFacts {
  method: string;
  url: string;
  isResourceRead: boolean;
  isList: boolean;
  hasContinue: boolean;
}

export class FaultInjector {
  private readonly attempts = new Map<string, number>();
  private readonly faultsPerKey = new Map<string, number>();

  constructor(private options: FaultOptions = {}) {}

  get current(): Readonly<FaultOptions> {
    return this.options;
  }

  /** Replaces the fault configuration and forgets attempt counters (a new run). */
  configure(options: FaultOptions): void {
    this.options = options;
    this.attempts.clear();
    this.faultsPerKey.clear();
  }

  decide(facts: RequestFacts): FaultDecision {
    const o = this.options;
    const key = `${facts.method} ${facts.url}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const seed = o.seed ?? 1;
    const roll = (kind: FaultKind) => rollFor(seed, `${kind}|${key}|${attempt}`);
    const decision: FaultDecision = { latencyMs: this.latency(roll('latency')) };
    if (o.appliesTo !== 'all' && !facts.isResourceRead) return decision;
    const faulted = this.faultsPerKey.get(key) ?? 0;
    if (faulted < (o.maxFaultsPerRequest ?? 2)) {
      const candidates: [NonNullable<FaultDecision['failure']>, number | undefined, boolean][] = [
        ['throttle', o.throttleRate, true],
        ['server-error', o.serverErrorRate, true],
        ['expired-continue', o.expireContinueRate, facts.hasContinue],
        ['reset', o.resetRate, facts.isList],
      ];
      for (const [kind, rate, applies] of candidates) {
        if (applies && rate && roll(kind) < rate) {
          decision.failure = kind;
          this.faultsPerKey.set(key, faulted + 1);
          break;
        }
      }
    }
    if (!decision.failure && facts.isList && o.slowPageRate && roll('slow-page') < o.slowPageRate)
      decision.slowPageMs = o.slowPageMs ?? 2000;
    return decision;
  }

  private latency(roll: number): number {
    const l = this.options.latencyMs;
    if (l === undefined) return 0;
    if (typeof l === 'number') return l;
    return Math.round(l[0] + (l[1] - l[0]) * roll);
  }
}
