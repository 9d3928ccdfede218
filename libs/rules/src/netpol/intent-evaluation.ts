import { ConnSet } from './conn-set.js';
import { ReachabilityEvaluator, type Endpoint } from './evaluator.js';
import { exposure, type WorkloadExposure } from './exposure.js';
import { formatRange, IpSet } from './ip-range.js';
import { matchesLabelSelector } from './label-selector.js';
import type { IntentEndpoint, NetworkIntent, NetworkIntents } from './network-intent-schema.js';
import type { ReachabilityModel, Workload } from './reachability-model.js';
import { parseWorkloadKey } from './workloads.js';

/** Evidence that an intent does not hold: a flow that exists (or is missing), or a namespace without default deny. */
export interface IntentViolation {
  src: string;
  dst: string;
  conns: string;
  detail: string;
}

export interface IntentResult {
  id: string;
  description?: string;
  kind: 'deny' | 'allow' | 'allowOnly' | 'defaultDeny';
  status: 'pass' | 'fail';
  /** How many subjects were checked (pairs or namespaces); 0 means the intent matched nothing. */
  checked: number;
  violationCount: number;
  /** Up to `maxEvidence` violations (default 50). */
  violations: IntentViolation[];
}

interface Side {
  workloads: Workload[];
  blocks: number[];
  internet: boolean;
}

/**
 * Evaluates each intent against the model: `deny` fails on any allowed flow from→to (on `ports` when given),
 * `allow` fails on any pair missing some of `ports` (default: any connection), `allowOnly` fails when `to` accepts
 * anything from outside `from` or beyond `ports`, `defaultDeny` fails for each namespace where a new, unlabelled pod
 * would not be isolated. `internet` covers external addresses and exposure through Services, Ingress and host ports.
 */
export function evaluateIntents(
  model: ReachabilityModel,
  intents: NetworkIntents,
  options: { maxEvidence?: number } = {},
  evaluator = new ReachabilityEvaluator(model),
): IntentResult[] {
  let exposures: WorkloadExposure[] | undefined;
  const exposureOf = (): WorkloadExposure[] => (exposures ??= exposure(model, evaluator));
  const max = options.maxEvidence ?? 50;
  return intents.intents.map((intent) => {
    const result = evaluateOne(model, intent, evaluator, exposureOf);
    return { ...result, violationCount: result.violations.length, violations: result.violations.slice(0, max), ...(intent.description ? { description: intent.description } : {}) };
  });
}

function evaluateOne(
  model: ReachabilityModel,
  intent: NetworkIntent,
  evaluator: ReachabilityEvaluator,
  exposureOf: () => WorkloadExposure[],
): Omit<IntentResult, 'violationCount' | 'description'> {
  const violations: IntentViolation[] = [];
  if ('defaultDeny' in intent) {
    const { direction, namespaces } = intent.defaultDeny;
    const directions = direction === 'both' ? (['ingress', 'egress'] as const) : ([direction] as const);
    let checked = 0;
    for (const ns of [...model.namespaces.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (namespaces?.include && !namespaces.include.includes(ns.name)) continue;
      if (namespaces?.exclude?.includes(ns.name)) continue;
      checked++;
      for (const d of directions) {
        const isolating = model.policies.filter(
          (p) => p.tier === 'namespace' && p.isolates.includes(d) && (p.subject.namespace !== undefined ? p.subject.namespace === ns.name : p.subject.namespaces!.test(ns)) && p.subject.pods.test({}),
        );
        if (isolating.length === 0) {
          const open = model.workloads.filter((w) => w.ref.namespace === ns.name && w.classIds.some((c) => evaluator.isolatingPolicies(c, d).length === 0)).map((w) => w.key);
          violations.push({
            src: d === 'ingress' ? '*' : ns.name,
            dst: d === 'ingress' ? ns.name : '*',
            conns: 'All Connections',
            detail: `namespace ${ns.name} has no policy isolating every pod for ${d}${open.length ? `; not isolated now: ${open.slice(0, 5).join(', ')}${open.length > 5 ? ', …' : ''}` : ''}`,
          });
        }
      }
    }
    return { id: intent.id, kind: 'defaultDeny', status: violations.length ? 'fail' : 'pass', checked, violations };
  }

  const kind = 'deny' in intent ? 'deny' : 'allow' in intent ? 'allow' : 'allowOnly';
  const flow = 'deny' in intent ? intent.deny : 'allow' in intent ? intent.allow : intent.allowOnly;
  const ports = flow.ports ? ConnSet.parse(flow.ports) : ConnSet.all;
  const from = resolveSide(model, flow.from);
  const to = resolveSide(model, flow.to);
  let checked = 0;

  const pairConns = (srcEp: Endpoint[], dstEp: Endpoint[], query: ConnSet): ConnSet => {
    let c = ConnSet.none;
    for (const s of srcEp) for (const d of dstEp) c = c.union(evaluator.connection(s, d, undefined, query));
    return c;
  };
  const classesOf = (w: Workload): Endpoint[] => w.classIds.map((classId) => ({ type: 'pods', classId }));

  if (kind === 'allowOnly') {
    const fromKeys = new Set(from.workloads.map((w) => w.key));
    const fromBlocks = new Set(from.blocks);
    for (const dst of to.workloads) {
      for (const src of model.workloads) {
        if (src === dst) continue;
        checked++;
        const c = pairConns(classesOf(src), classesOf(dst), ConnSet.all);
        const excess = fromKeys.has(src.key) ? c.subtract(ports) : c;
        if (!excess.isEmpty) violations.push({ src: src.key, dst: dst.key, conns: excess.toString(), detail: fromKeys.has(src.key) ? 'allowed beyond the intended ports' : 'source is not among the allowed sources' });
      }
      for (const b of model.blocks) {
        checked++;
        const c = pairConns([{ type: 'external', blockId: b.id }], classesOf(dst), ConnSet.all);
        const excess = fromBlocks.has(b.id) ? c.subtract(ports) : c;
        if (!excess.isEmpty) violations.push({ src: `${formatRange(b.range)}[External]`, dst: dst.key, conns: excess.toString(), detail: 'external source outside the allowed sources' });
      }
    }
    return { id: intent.id, kind, status: violations.length ? 'fail' : 'pass', checked, violations };
  }

  const srcEndpoints: { label: string; eps: Endpoint[]; workload?: Workload }[] = [
    ...from.workloads.map((w) => ({ label: w.key, eps: classesOf(w), workload: w })),
    ...mergeBlockLabels(model, from.blocks),
  ];
  const dstEndpoints: { label: string; eps: Endpoint[]; workload?: Workload }[] = [
    ...to.workloads.map((w) => ({ label: w.key, eps: classesOf(w), workload: w })),
    ...mergeBlockLabels(model, to.blocks),
  ];
  for (const s of srcEndpoints) {
    for (const d of dstEndpoints) {
      if (s.workload && s.workload === d.workload) continue;
      if (!s.workload && !d.workload) continue;
      checked++;
      const c = pairConns(s.eps, d.eps, ports);
      if (kind === 'deny' && !c.isEmpty) violations.push({ src: s.label, dst: d.label, conns: c.toString(), detail: 'allowed, but the intent denies it' });
      if (kind === 'allow' && (flow.ports ? !c.equals(ports) : c.isEmpty)) {
        violations.push({ src: s.label, dst: d.label, conns: ports.subtract(c).toString(), detail: c.isEmpty ? 'blocked, but the intent requires it' : `only ${c.toString()} is allowed` });
      }
    }
  }
  if (kind === 'deny' && from.internet) {
    const targets = new Set(to.workloads.map((w) => w.key));
    for (const e of exposureOf()) {
      if (!targets.has(e.workload.key)) continue;
      for (const entry of e.entryPoints) {
        const c = entry.allowed.intersect(ports);
        if (!c.isEmpty) violations.push({ src: `internet via ${entry.via} ${entry.object}`, dst: e.workload.key, conns: c.toString(), detail: entry.detail ?? `exposed through ${entry.via}` });
      }
    }
  }
  return { id: intent.id, kind, status: violations.length ? 'fail' : 'pass', checked, violations };
}

function mergeBlockLabels(model: ReachabilityModel, blocks: number[]): { label: string; eps: Endpoint[] }[] {
  return blocks.map((id) => ({ label: `${formatRange(model.blocks[id]!.range)}[External]`, eps: [{ type: 'external', blockId: id }] }));
}

function resolveSide(model: ReachabilityModel, endpoint: IntentEndpoint): Side {
  if (endpoint === 'internet') return { workloads: [], blocks: model.blocks.map((b) => b.id), internet: true };
  if (endpoint === 'any') return { workloads: model.workloads, blocks: model.blocks.map((b) => b.id), internet: true };
  if (endpoint.cidr !== undefined) {
    const set = IpSet.of((Array.isArray(endpoint.cidr) ? endpoint.cidr : [endpoint.cidr]).flatMap((c) => IpSet.fromIpBlock(c).ranges));
    // Blocks are cut at policy CIDRs only; a block partly inside the intent's CIDR counts as inside.
    return { workloads: [], blocks: model.blocks.filter((b) => !set.intersect(IpSet.of([b.range])).isEmpty).map((b) => b.id), internet: false };
  }
  const names = endpoint.namespace === undefined ? undefined : Array.isArray(endpoint.namespace) ? endpoint.namespace : [endpoint.namespace];
  const workloadKeys = endpoint.workload === undefined ? undefined : Array.isArray(endpoint.workload) ? endpoint.workload : [endpoint.workload];
  const workloads = model.workloads.filter((w) => {
    const ns = model.namespaces.get(w.ref.namespace)!;
    if (names && !names.includes(ns.name)) return false;
    if (endpoint.namespaceSelector && !matchesLabelSelector(endpoint.namespaceSelector, ns.labels)) return false;
    if (endpoint.pods && !w.classIds.some((c) => matchesLabelSelector({ matchLabels: endpoint.pods }, model.classes[c]!.labels))) return false;
    if (endpoint.podSelector && !w.classIds.some((c) => matchesLabelSelector(endpoint.podSelector!, model.classes[c]!.labels))) return false;
    if (workloadKeys && !workloadKeys.some((k) => matchesWorkloadKey(k, w))) return false;
    return true;
  });
  return { workloads, blocks: [], internet: false };
}

function matchesWorkloadKey(text: string, w: Workload): boolean {
  const parsed = parseWorkloadKey(text);
  return !!parsed && parsed.namespace === w.ref.namespace && parsed.name === w.ref.name && (!parsed.kind || parsed.kind === w.ref.kind);
}

/** Text report: one line per intent (PASS/FAIL), then its evidence. */
export function formatIntentResults(results: IntentResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.status === 'pass' ? 'PASS' : 'FAIL'} ${r.id}${r.description ? ` — ${r.description}` : ''} (${r.checked} checked${r.violationCount ? `, ${r.violationCount} violations` : ''})`);
    for (const v of r.violations) lines.push(`  ${v.src} => ${v.dst} : ${v.conns} — ${v.detail}`);
    if (r.violationCount > r.violations.length) lines.push(`  … ${r.violationCount - r.violations.length} more`);
  }
  return lines.join('\n');
}
