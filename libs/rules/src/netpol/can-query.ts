import { ConnSet } from './conn-set.js';
import { protocolOf } from './ports.js';
import { ReachabilityEvaluator, type ExplainStep } from './evaluator.js';
import { resolveEndpoint } from './endpoint-resolver.js';
import { policyLabel } from './policy-model.js';
import type { ReachabilityModel } from './reachability-model.js';

/** The answer to "can SRC reach DST on PORT/PROTOCOL?", with the reasoning per direction and tier. */
export interface CanResult {
  src: string;
  dst: string;
  /** The connections asked about (`All Connections` when no port was given). */
  query: ConnSet;
  /** The part of the query that is allowed. */
  allowed: ConnSet;
  verdict: 'allowed' | 'denied' | 'partially-allowed';
  /** Egress steps (source side) then ingress steps (destination side). */
  steps: ExplainStep[];
}

/** Parses `443/TCP`, `TCP/443`, `443` (TCP), `53/udp`, `8000-8080/TCP`; throws on anything else. */
export function parsePortQuery(text: string | undefined): ConnSet {
  if (!text) return ConnSet.all;
  const m = /^(?:(tcp|udp|sctp)\/)?(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(text.trim());
  const protocol = protocolOf(m?.[1] ?? m?.[4]);
  if (!m || !protocol || (m[1] && m[4])) throw new Error(`port "${text}" must look like 443/TCP, 53/UDP or 8000-8080/TCP`);
  const from = Number(m[2]);
  const to = Number(m[3] ?? m[2]);
  if (from < 1 || to > 65535 || from > to) throw new Error(`port "${text}" is outside 1-65535`);
  return ConnSet.ports(protocol, from, to);
}

/**
 * Answers whether `src` can reach `dst` (workloads `ns/name[Kind]` or IP addresses) on `port` (e.g. `443/TCP`;
 * absent: any). When a workload has pods with different labels, the verdict is the union over its pods.
 */
export function can(model: ReachabilityModel, src: string, dst: string, port?: string, evaluator = new ReachabilityEvaluator(model)): CanResult {
  const query = parsePortQuery(port);
  const from = resolveEndpoint(model, src);
  const to = resolveEndpoint(model, dst);
  if (from.endpoints[0]?.type === 'external' && to.endpoints[0]?.type === 'external') throw new Error('both ends are outside the cluster; NetworkPolicy says nothing about that traffic');
  let allowed = ConnSet.none;
  let steps: ExplainStep[] = [];
  for (const s of from.endpoints) {
    for (const d of to.endpoints) {
      const trace: ExplainStep[] = [];
      const c = evaluator.connection(s, d, trace, query);
      if (steps.length === 0 || (!c.isEmpty && allowed.isEmpty)) steps = trace;
      allowed = allowed.union(c);
    }
  }
  const verdict = allowed.isEmpty ? 'denied' : allowed.equals(query) ? 'allowed' : 'partially-allowed';
  return { src: from.label, dst: to.label, query, allowed, verdict, steps };
}

/** Multi-line, human-readable explanation of a `can` result. */
export function formatCanResult(result: CanResult): string {
  const head = `${result.src} => ${result.dst} : ${result.query.toString()} — ${result.verdict.toUpperCase()}${result.verdict === 'partially-allowed' ? ` (${result.allowed.toString()})` : ''}`;
  const lines = [head];
  for (const direction of ['egress', 'ingress'] as const) {
    const steps = result.steps.filter((s) => s.direction === direction);
    if (steps.length === 0) continue;
    lines.push(`  ${direction} (${direction === 'egress' ? result.src : result.dst}):`);
    for (const s of steps) {
      const who = s.policy ? `${policyLabel(s.policy)} ${s.rule ?? ''}`.trim() : 'default';
      lines.push(`    [${s.tier}] ${s.action} ${s.conns.toString()} — ${who}: ${s.detail}`);
    }
  }
  return lines.join('\n');
}
