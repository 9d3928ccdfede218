import type { SnapshotKind } from '../snapshot/kinds.js';
import type { K8sObject } from '../snapshot/snapshot.js';
import { compileAdminNetworkPolicy } from './admin-network-policy.js';
import { compileCalicoPolicy } from './calico-policy.js';
import { compileCiliumPolicy } from './cilium-policy.js';
import { compileNetworkPolicy } from './np-v1-policy.js';
import type { CompiledPolicy } from './policy-model.js';

/** Snapshot kinds holding policies, each with its dialect's compiler, in the engine's order. */
export const policyCompilers = [
  ['networkpolicies', compileNetworkPolicy],
  ['adminnetworkpolicies', (policy: K8sObject) => compileAdminNetworkPolicy(policy, false)],
  ['baselineadminnetworkpolicies', (policy: K8sObject) => compileAdminNetworkPolicy(policy, true)],
  ['ciliumnetworkpolicies', compileCiliumPolicy],
  ['ciliumclusterwidenetworkpolicies', compileCiliumPolicy],
  ['caliconetworkpolicies', compileCalicoPolicy],
  ['calicoglobalnetworkpolicies', compileCalicoPolicy],
] as const satisfies readonly (readonly [SnapshotKind, (policy: K8sObject) => CompiledPolicy])[];

export type PolicyKind = (typeof policyCompilers)[number][0];

const compilerOf = new Map<PolicyKind, (policy: K8sObject) => CompiledPolicy>(policyCompilers);
// Keyed by the policy object itself: the engine and the catalog's rules read the same snapshot, so each policy is
// compiled once per scan whoever asks first; a compile error is kept and thrown again to every caller.
const compiled = new WeakMap<K8sObject, CompiledPolicy | { error: unknown }>();

/** The policy object of snapshot kind `kind`, compiled once (later calls return the same object, or throw the same error). */
export function compiledPolicy(kind: PolicyKind, policy: K8sObject): CompiledPolicy {
  let entry = compiled.get(policy);
  if (!entry) {
    try {
      entry = compilerOf.get(kind)!(policy);
    } catch (error) {
      entry = { error };
    }
    compiled.set(policy, entry);
  }
  if ('error' in entry) throw entry.error;
  return entry;
}
