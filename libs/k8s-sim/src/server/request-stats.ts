import type { FaultKind } from '../faults/fault-injector.js';

/** Counters of what the simulator answered, for tests and benchmarks. */
export interface SimulatorStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Keyed by `METHOD /path` (no query string). */
  byPath: Record<string, { requests: number; byStatus: Record<string, number> }>;
  faults: Record<FaultKind, number>;
  /** Items returned by list requests, summed. */
  listedItems: number;
}

export function emptyStats(): SimulatorStats {
  return {
    requests: 0,
    byStatus: {},
    byPath: {},
    faults: { latency: 0, 'server-error': 0, throttle: 0, reset: 0, 'expired-continue': 0, 'slow-page': 0 },
    listedItems: 0,
  };
}

export class RequestStats {
  private stats = emptyStats();

  record(method: string, path: string, status: number): void {
    const s = this.stats;
    s.requests++;
    s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
    const key = `${method} ${path}`;
    const entry = (s.byPath[key] ??= { requests: 0, byStatus: {} });
    entry.requests++;
    entry.byStatus[status] = (entry.byStatus[status] ?? 0) + 1;
  }

  fault(kind: FaultKind): void {
    this.stats.faults[kind]++;
  }

  listed(count: number): void {
    this.stats.listedItems += count;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
  }
}
