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
  /** `host:port` clients reach the simulator at. */
  serverAddress(): string;
}
