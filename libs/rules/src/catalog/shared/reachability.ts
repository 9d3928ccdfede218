import { buildReachabilityModel, ReachabilityEvaluator, type ReachabilityModel } from '../../netpol/index.js';
import type { ClusterSnapshot } from '../../snapshot/snapshot.js';

const cache = new WeakMap<ClusterSnapshot, { model: ReachabilityModel; evaluator: ReachabilityEvaluator }>();

/** The NetworkPolicy reachability model and evaluator of a snapshot, built once and shared by every rule that needs them. */
export function reachabilityOf(snapshot: ClusterSnapshot): {
  model: ReachabilityModel;
  evaluator: ReachabilityEvaluator;
} {
  let entry = cache.get(snapshot);
  if (!entry) {
    const model = buildReachabilityModel(snapshot);
    entry = { model, evaluator: new ReachabilityEvaluator(model) };
    cache.set(snapshot, entry);
  }
  return entry;
}
