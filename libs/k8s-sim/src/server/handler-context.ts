import type { DiscoveryDocuments } from '../api/discovery.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { FaultInjector } from '../faults/fault-injector.js';
import type { ObjectStore } from '../store/object-store.js';
import type { RequestStats } from './request-stats.js';

export interface HandlerContext {
  store: ObjectStore;
  discovery: DiscoveryDocuments;
  authenticator: Authenticator;
  faults: FaultInjector;
  stats: RequestStats;
  /** Largest number of items in one list page, whatever `limit` asks (undefined: honour `limit`). */
  maxPageSize?: number;
  /** Prefix of fault-decision keys, so virtual clusters sharing one injector are faulted independently. */
  faultScope?: string;
  /** `host:port` clients reach the simulator at. */
  serverAddress(): string;
}
