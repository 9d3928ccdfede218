import type { Endpoint } from './evaluator.js';
import { formatRange, parseIp } from './ip-range.js';
import type { ReachabilityModel, Workload } from './reachability-model.js';
import { parseWorkloadKey } from './workloads.js';

/** What a user names on the command line: a workload (`ns/name[Kind]`, `ns/name`) or an IP address outside the cluster. */
export interface ResolvedEndpoint {
  label: string;
  workload?: Workload;
  endpoints: Endpoint[];
}

/**
 * Resolves `ns/name[Kind]`, `ns/name` (any kind; must be unambiguous) or an IP address to endpoints of the model.
 * Throws a message that says what was not found and what exists instead.
 */
export function resolveEndpoint(model: ReachabilityModel, text: string): ResolvedEndpoint {
  const ip = parseIp(text.trim());
  if (ip) {
    const block = model.blocks.find((b) => b.range.family === ip.family && ip.value >= b.range.lo && ip.value <= b.range.hi);
    if (!block) throw new Error(`address ${text}: IPv${ip.family} is not modelled in this snapshot (families: ${model.families.map((f) => `IPv${f}`).join(', ')})`);
    return { label: `${text} (${formatRange(block.range)}[External])`, endpoints: [{ type: 'external', blockId: block.id }] };
  }
  const parsed = parseWorkloadKey(text);
  if (!parsed) throw new Error(`"${text}" is neither a workload (namespace/name or namespace/name[Kind]) nor an IP address`);
  const candidates = model.workloads.filter((w) => w.ref.namespace === parsed.namespace && w.ref.name === parsed.name && (!parsed.kind || w.ref.kind === parsed.kind));
  if (candidates.length === 0) {
    const inNs = model.workloads.filter((w) => w.ref.namespace === parsed.namespace).map((w) => w.key);
    const hint = inNs.length ? `workloads in ${parsed.namespace}: ${inNs.slice(0, 10).join(', ')}${inNs.length > 10 ? ', …' : ''}` : `namespace ${parsed.namespace} has no workloads`;
    throw new Error(`workload ${text} not found (${hint})`);
  }
  if (candidates.length > 1) throw new Error(`workload ${text} is ambiguous: ${candidates.map((w) => w.key).join(', ')}; add the kind in brackets`);
  const workload = candidates[0]!;
  return { label: workload.key, workload, endpoints: workload.classIds.map((classId) => ({ type: 'pods', classId })) };
}
