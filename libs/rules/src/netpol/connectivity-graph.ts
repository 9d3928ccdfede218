import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import type { SnapshotKind } from '../snapshot/kinds.js';
import { can, parsePortQuery, type CanResult } from './can-query.js';
import { resolveEndpoint } from './endpoint-resolver.js';
import { policyCompilers } from './compiled-policies.js';
import { connectivity, peerKey } from './connectivity.js';
import { ReachabilityEvaluator } from './evaluator.js';
import { exposure } from './exposure.js';
import { lateralPaths } from './lateral-paths.js';
import { policyLabel } from './policy-model.js';
import { buildReachabilityModel, type ReachabilityOptions } from './reachability-model.js';

/** Version of the stored graph and subset shapes; a reader refuses another version instead of misreading it. */
export const connectivityModelVersion = 1;

/** A cluster's NetworkPolicy reachability, compact enough for a browser graph: nodes, edges, exposure, lateral paths. */
export interface ConnectivityGraph {
  version: typeof connectivityModelVersion;
  collectedAt: string;
  namespaces: { name: string; labels: Record<string, string> }[];
  workloads: {
    /** `namespace/name[Kind]`, the key edges, exposure and queries use. */
    key: string;
    namespace: string;
    name: string;
    kind: string;
    labels: Record<string, string>;
    pods: number;
    internetExposed: boolean;
  }[];
  /** Allowed connections; `src`/`dst` are workload keys, `a.b.c.d/n[External]` ranges or `{ingress-controller}`. */
  edges: { src: string; dst: string; ports: string }[];
  /** Internet-exposed workloads and how they are reached. */
  exposure: { workload: string; entryPoints: { via: string; object: string; allowed: string }[] }[];
  lateralPaths: { source: string; target: string; reasons: string[]; hops: { workload: string; ports: string }[] }[];
  policies: number;
}

/** The answer to "can A reach B on port P?", with the policies that decided, as plain data. */
export interface ConnectivityQueryAnswer {
  src: string;
  dst: string;
  query: string;
  allowed: string;
  verdict: CanResult['verdict'];
  steps: { direction: string; tier: string; action: string; policy: string | null; rule: string | null; ports: string; detail: string }[];
}

/** Builds the browser graph of a snapshot's reachability (the engine behind `meshguard netpol connectivity/exposure`). */
export function connectivityGraph(snapshot: ClusterSnapshot, options: ReachabilityOptions = {}): ConnectivityGraph {
  const model = buildReachabilityModel(snapshot, options);
  const evaluator = new ReachabilityEvaluator(model);
  const exposures = exposure(model, evaluator);
  const exposed = exposures.filter((e) => e.internetExposed);
  const exposedKeys = new Set(exposed.map((e) => e.workload.key));
  return {
    version: connectivityModelVersion,
    collectedAt: snapshot.collectedAt,
    namespaces: [...model.namespaces.values()].map((ns) => ({ name: ns.name, labels: { ...ns.labels } })).sort((a, b) => a.name.localeCompare(b.name)),
    workloads: model.workloads.map((w) => ({
      key: w.key,
      namespace: w.ref.namespace,
      name: w.ref.name,
      kind: w.ref.kind,
      labels: { ...w.labels },
      pods: w.podCount,
      internetExposed: exposedKeys.has(w.key),
    })),
    edges: connectivity(model, {}, evaluator).map((c) => ({ src: peerKey(c.src), dst: peerKey(c.dst), ports: c.conns.toString() })),
    exposure: exposed.map((e) => ({
      workload: e.workload.key,
      entryPoints: e.entryPoints.map((p) => ({ via: p.via, object: p.object, allowed: p.allowed.toString() })),
    })),
    lateralPaths: lateralPaths(model, {}, evaluator, exposures).map((p) => ({
      source: p.source,
      target: p.target,
      reasons: p.reasons,
      hops: p.hops.map((h) => ({ workload: h.workload, ports: h.conns.toString() })),
    })),
    policies: model.policies.length,
  };
}

/** Kinds whose pods become workloads (besides live pods). */
const workloadKinds = ['pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs'] as const satisfies readonly SnapshotKind[];
const kept = new Set<SnapshotKind>(['namespaces', 'services', 'ingresses', ...workloadKinds, ...policyCompilers.map(([kind]) => kind)]);
/** Container fields that can carry literal values (env) or commands; the engine reads ports, volumes and labels. */
const droppedContainerFields = ['env', 'envFrom', 'command', 'args', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/**
 * What a reachability query needs of a snapshot, and nothing more: namespaces, workloads and pods (without container
 * environment, commands or probes), Services, Ingresses and the network policies. No Secret or ConfigMap at all.
 */
export function reachabilitySubset(snapshot: ClusterSnapshot): ClusterSnapshot {
  const resources: ClusterSnapshot['resources'] = {};
  for (const [kind, objects] of Object.entries(snapshot.resources) as [SnapshotKind, K8sObject[]][]) {
    if (!kept.has(kind)) continue;
    resources[kind] = (workloadKinds as readonly SnapshotKind[]).includes(kind) ? objects.map(withoutContainerValues) : objects;
  }
  return {
    schemaVersion: snapshot.schemaVersion,
    source: snapshot.source,
    collectedAt: snapshot.collectedAt,
    resources,
    coverage: { gaps: snapshot.coverage.gaps.filter((gap) => kept.has(gap.kind)) },
    ...(snapshot.network ? { network: snapshot.network } : {}),
  };
}

function withoutContainerValues(object: K8sObject): K8sObject {
  return JSON.parse(JSON.stringify(object), (key: string, value: unknown) => {
    if ((key === 'containers' || key === 'initContainers' || key === 'ephemeralContainers') && Array.isArray(value))
      return value.map((c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).filter(([field]) => !droppedContainerFields.includes(field))));
    return value;
  }) as K8sObject;
}

/** A query the stored model cannot answer as asked: which field (`from`, `to`, `port`) and why, in words. */
export class ConnectivityQueryError extends Error {
  constructor(
    readonly field: 'from' | 'to' | 'port',
    message: string,
  ) {
    super(message);
    this.name = 'ConnectivityQueryError';
  }
}

/**
 * "Can `src` reach `dst` on `port`?" against a stored subset: the verdict and each policy step that decided it
 * (the engine behind `meshguard netpol can --explain`). Throws ConnectivityQueryError naming the field at fault.
 */
export function answerConnectivityQuery(subset: ClusterSnapshot, src: string, dst: string, port?: string): ConnectivityQueryAnswer {
  return answerConnectivityQueryOn(connectivityQueryModel(subset), src, dst, port);
}

/** The compiled model queries run on: built once per stored subset, reusable for any number of queries. */
export type ConnectivityQueryModel = ReturnType<typeof buildReachabilityModel>;

export function connectivityQueryModel(subset: ClusterSnapshot): ConnectivityQueryModel {
  return buildReachabilityModel(subset);
}

/** Like answerConnectivityQuery, on a model already built from the subset (a server caches it per scan). */
export function answerConnectivityQueryOn(model: ConnectivityQueryModel, src: string, dst: string, port?: string): ConnectivityQueryAnswer {
  blame('port', () => parsePortQuery(port));
  const from = blame('from', () => resolveEndpoint(model, src));
  const to = blame('to', () => resolveEndpoint(model, dst));
  if (from.endpoints[0]?.type === 'external' && to.endpoints[0]?.type === 'external')
    throw new ConnectivityQueryError('to', 'both ends are outside the cluster; NetworkPolicy says nothing about that traffic');
  const result = can(model, src, dst, port);
  return {
    src: result.src,
    dst: result.dst,
    query: result.query.toString(),
    allowed: result.allowed.toString(),
    verdict: result.verdict,
    steps: result.steps.map((s) => ({
      direction: s.direction,
      tier: s.tier,
      action: s.action,
      policy: s.policy ? policyLabel(s.policy) : null,
      rule: s.rule ?? null,
      ports: s.conns.toString(),
      detail: s.detail,
    })),
  };
}

function blame<T>(field: ConnectivityQueryError['field'], run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new ConnectivityQueryError(field, error instanceof Error ? error.message : String(error));
  }
}
