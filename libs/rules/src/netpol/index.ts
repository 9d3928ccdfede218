// Shared network-semantics helpers (STYLE convention 4): every NetworkPolicy rule uses these.
export * from './label-selector.js';
export * from './conn-set.js';
export * from './ip-range.js';
export * from './ports.js';
export * from './policy-types.js';
export * from './calico-selector.js';
export * from './workloads.js';

// Policy dialects compiled to one model.
export * from './policy-model.js';
export * from './matchers.js';
export { compileNetworkPolicy } from './np-v1-policy.js';
export { compileAdminNetworkPolicy } from './admin-network-policy.js';
export { compileCiliumPolicy, ciliumEndpointMatcher } from './cilium-policy.js';
export { compileCalicoPolicy } from './calico-policy.js';

// The engine and its queries.
export * from './reachability-model.js';
export * from './evaluator.js';
export * from './class-graph.js';
export * from './connectivity.js';
export * from './connectivity-summary.js';
export * from './connectivity-format.js';
export * from './connectivity-diff.js';
export * from './endpoint-resolver.js';
export * from './can-query.js';
export * from './exposure.js';
export * from './route-backends.js';
export * from './lateral-paths.js';
export * from './network-intent-schema.js';
export * from './intent-evaluation.js';
export * from './query-format.js';
export * from './netpol-reports.js';
export * from './connectivity-graph.js';
