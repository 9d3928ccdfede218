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

/** A compiled policy, or what compiling it threw. */
export type PolicyEntry = CompiledPolicy | { error: unknown };

// Keyed by the snapshot's list of a kind: the engine and the catalog's rules read the same snapshot, so each policy is
// compiled once per scan whoever asks first. One entry per list rather than per policy object: a WeakMap entry per
// policy (5,000 at preset L) cost about a quarter of compiling them.
const compiledLists = new WeakMap<readonly K8sObject[], PolicyEntry[]>();

/**
 * The policy objects `objects` (the snapshot's list of kind `kind`) compiled, in the same order, once per list: later
 * calls return the same entries. A policy that cannot be compiled has its error as its entry.
 */
export function compiledPolicyEntries(kind: PolicyKind, objects: readonly K8sObject[]): PolicyEntry[] {
  let entries = compiledLists.get(objects);
  // A list that grew or shrank since (a spec editing a snapshot in place) is compiled again.
  if (!entries || entries.length !== objects.length) {
    const compile = compilerOf.get(kind)!;
    entries = new Array<PolicyEntry>(objects.length);
    for (let i = 0; i < objects.length; i++) entries[i] = compileEntry(compile, objects[i]!);
    compiledLists.set(objects, entries);
  }
  return entries;
}

function compileEntry(compile: (policy: K8sObject) => CompiledPolicy, policy: K8sObject): PolicyEntry {
  try {
    return compile(policy);
  } catch (error) {
    return { error };
  }
}

/** The compiled policy of an entry, or its error thrown again. */
export function compiledOrThrow(entry: PolicyEntry): CompiledPolicy {
  if ('error' in entry) throw entry.error;
  return entry;
}
