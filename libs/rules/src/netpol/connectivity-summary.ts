import { ClassGraph } from './class-graph.js';
import { ReachabilityEvaluator } from './evaluator.js';
import type { ReachabilityModel } from './reachability-model.js';

/** Counts that describe a cluster's connectivity without listing every connection (fleet dashboards, benchmarks). */
export interface ConnectivitySummary {
  namespaces: number;
  workloads: number;
  pods: number;
  /** Equivalence classes of pods the engine evaluated. */
  classes: number;
  externalBlocks: number;
  policies: Record<string, number>;
  /** Workloads with at least one pod not isolated, per direction. */
  unprotected: { ingress: number; egress: number };
  /** Ordered workload pairs (self excluded) with any allowed connection, and with every connection allowed. */
  workloadPairs: { allowed: number; allConnections: number };
  /** Workloads that some external address may reach, and that may reach some external address. */
  external: { reachableFrom: number; reaching: number };
  /** Problems found while compiling policies, as `Kind ns/name: message`. */
  warnings: string[];
}

/**
 * Summarizes connectivity by evaluating every pair of pod classes once (skipping pairs no rule can allow) and
 * counting workload pairs arithmetically, so memory stays proportional to classes, not to connections or pods².
 * Workloads whose pods span several classes are counted once per pair.
 */
export function connectivitySummary(model: ReachabilityModel, evaluator = new ReachabilityEvaluator(model)): ConnectivitySummary {
  const classes = model.classes;
  const C = classes.length;
  const graph = new ClassGraph(model, evaluator);
  const sizes = new Int32Array(C);
  const multi = new Uint8Array(C);
  for (const c of classes) sizes[c.id] = c.workloads.length;
  for (const w of model.workloads) if (w.classIds.length > 1) for (const c of w.classIds) multi[c] = 1;

  let allowed = 0;
  let all = 0;
  const multiPairs = new Map<number, boolean>();
  const W = model.workloads.length;
  const count = (s: number, d: number, isAll: boolean): void => {
    if (multi[s] || multi[d]) {
      for (const ws of classes[s]!.workloads) {
        for (const wd of classes[d]!.workloads) {
          if (ws === wd) continue;
          const key = ws * W + wd;
          multiPairs.set(key, (multiPairs.get(key) ?? false) || isAll);
        }
      }
      return;
    }
    const n = s === d ? sizes[s]! * (sizes[s]! - 1) : sizes[s]! * sizes[d]!;
    allowed += n;
    if (isAll) all += n;
  };
  // Pairs where egress and ingress both admit everything are counted arithmetically.
  let openSum = 0;
  const openMulti: number[] = [];
  for (const d of graph.openDestinations) {
    if (multi[d]) openMulti.push(d);
    else openSum += sizes[d]!;
  }
  for (let s = 0; s < C; s++) {
    if (!graph.isIncluded(s)) continue;
    if (graph.admitsOut[s] && !multi[s]) {
      let n = sizes[s]! * openSum;
      if (graph.admitsIn[s]) n -= sizes[s]!;
      allowed += n;
      all += n;
      for (const d of openMulti) count(s, d, true);
      graph.forEachOut(s, (d, conns) => count(s, d, conns.isAll), true);
    } else graph.forEachOut(s, (d, conns) => count(s, d, conns.isAll));
  }
  for (const isAll of multiPairs.values()) {
    allowed++;
    if (isAll) all++;
  }

  let unprotectedIn = 0;
  let unprotectedOut = 0;
  let reachableFrom = 0;
  let reaching = 0;
  for (const w of model.workloads) {
    if (w.classIds.some((c) => evaluator.isolatingPolicies(c, 'ingress').length === 0)) unprotectedIn++;
    if (w.classIds.some((c) => evaluator.isolatingPolicies(c, 'egress').length === 0)) unprotectedOut++;
    let inbound = false;
    let outbound = false;
    for (const c of w.classIds) {
      for (const b of model.blocks) {
        if (!inbound && !evaluator.connection({ type: 'external', blockId: b.id }, { type: 'pods', classId: c }).isEmpty) inbound = true;
        if (!outbound && !evaluator.connection({ type: 'pods', classId: c }, { type: 'external', blockId: b.id }).isEmpty) outbound = true;
        if (inbound && outbound) break;
      }
    }
    if (inbound) reachableFrom++;
    if (outbound) reaching++;
  }
  const policies: Record<string, number> = {};
  const warnings: string[] = [];
  for (const p of model.policies) {
    policies[p.ref.kind] = (policies[p.ref.kind] ?? 0) + 1;
    for (const w of p.warnings) warnings.push(`${p.ref.kind} ${p.ref.namespace ? `${p.ref.namespace}/` : ''}${p.ref.name}: ${w}`);
  }
  return {
    namespaces: model.namespaces.size,
    workloads: model.workloads.length,
    pods: classes.reduce((n, c) => n + c.podCount, 0),
    classes: C - 1,
    externalBlocks: model.blocks.length,
    policies,
    unprotected: { ingress: unprotectedIn, egress: unprotectedOut },
    workloadPairs: { allowed, allConnections: all },
    external: { reachableFrom, reaching },
    warnings,
  };
}
