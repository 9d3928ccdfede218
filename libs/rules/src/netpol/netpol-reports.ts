import type { ClusterSnapshot } from '../snapshot/snapshot.js';
import { can, formatCanResult } from './can-query.js';
import { diffConnectivity, formatDiff } from './connectivity-diff.js';
import { formatConnectivity, type ConnectivityFormat } from './connectivity-format.js';
import { connectivity } from './connectivity.js';
import { ReachabilityEvaluator } from './evaluator.js';
import { exposure, internetExposure } from './exposure.js';
import { evaluateIntents, formatIntentResults } from './intent-evaluation.js';
import { lateralPaths } from './lateral-paths.js';
import { parseNetworkIntents } from './network-intent-schema.js';
import { exposureToJson, formatExposure, formatLateralPaths, lateralPathsToJson } from './query-format.js';
import { buildReachabilityModel, type ReachabilityOptions } from './reachability-model.js';

/** What a `meshguard netpol …` command prints and the exit code it should end with. */
export interface NetpolReport {
  text: string;
  exitCode: number;
}

export type ReportFormat = 'txt' | 'json';

/** `meshguard netpol connectivity`: every allowed connection in txt|json|csv|md|dot; dot/md mark internet-exposed workloads. */
export function connectivityReport(snapshot: ClusterSnapshot, options: { format?: ConnectivityFormat; focusWorkloads?: string[] } & ReachabilityOptions = {}): NetpolReport {
  const model = buildReachabilityModel(snapshot, options);
  const evaluator = new ReachabilityEvaluator(model);
  const list = connectivity(model, options.focusWorkloads ? { focusWorkloads: options.focusWorkloads } : {}, evaluator);
  const format = options.format ?? 'txt';
  const exposed = format === 'dot' || format === 'md' ? new Set(internetExposure(model, evaluator).filter((e) => e.internetExposed).map((e) => e.workload.key)) : undefined;
  return { text: formatConnectivity(list, format, exposed ? { exposed } : {}), exitCode: 0 };
}

/** `meshguard netpol can SRC DST --port 443/TCP [--explain]`: exit 0 when fully allowed, 1 otherwise. */
export function canReport(snapshot: ClusterSnapshot, src: string, dst: string, options: { port?: string; explain?: boolean; format?: ReportFormat } & ReachabilityOptions = {}): NetpolReport {
  const result = can(buildReachabilityModel(snapshot, options), src, dst, options.port);
  const exitCode = result.verdict === 'allowed' ? 0 : 1;
  if (options.format === 'json') return { text: JSON.stringify(result, null, 2), exitCode };
  const text = options.explain ? formatCanResult(result) : `${result.src} => ${result.dst} : ${result.query.toString()} — ${result.verdict.toUpperCase()}${result.verdict === 'partially-allowed' ? ` (${result.allowed.toString()})` : ''}`;
  return { text, exitCode };
}

/** `meshguard netpol exposure [--lateral]`: internet-exposed workloads, their entry points and (optionally) lateral paths. */
export function exposureReport(snapshot: ClusterSnapshot, options: { format?: ReportFormat; all?: boolean; lateral?: boolean } & ReachabilityOptions = {}): NetpolReport {
  const model = buildReachabilityModel(snapshot, options);
  const evaluator = new ReachabilityEvaluator(model);
  const exposures = exposure(model, evaluator);
  const paths = options.lateral ? lateralPaths(model, {}, evaluator, exposures) : undefined;
  if (options.format === 'json') {
    const list = options.all ? exposures : exposures.filter((e) => e.internetExposed);
    return { text: JSON.stringify({ exposure: exposureToJson(list), ...(paths ? { lateralPaths: lateralPathsToJson(paths) } : {}) }, null, 2), exitCode: 0 };
  }
  const text = [formatExposure(exposures, options.all ? { all: true } : {}), ...(paths ? ['', 'Lateral paths:', formatLateralPaths(paths)] : [])].join('\n');
  return { text, exitCode: 0 };
}

/** `meshguard netpol diff A B`: connections added/removed/changed; exit 1 when anything changed. */
export function diffReport(before: ClusterSnapshot, after: ClusterSnapshot, options: { format?: ReportFormat } & ReachabilityOptions = {}): NetpolReport {
  const changes = diffConnectivity(connectivity(buildReachabilityModel(before, options)), connectivity(buildReachabilityModel(after, options)));
  const exitCode = changes.length > 0 ? 1 : 0;
  if (options.format === 'json') {
    return { text: JSON.stringify(changes.map((c) => ({ change: c.change, src: c.src, dst: c.dst, before: c.before.toString(), after: c.after.toString() })), null, 2), exitCode };
  }
  return { text: changes.length ? formatDiff(changes) : 'No connectivity changes.', exitCode };
}

/**
 * `meshguard netpol check --intents FILE`: each intent PASS/FAIL with evidence; exit 1 when any fails.
 * Invalid intents throw `NetworkIntentError` (message lists every problem) before anything is evaluated.
 */
export function checkReport(snapshot: ClusterSnapshot, intentsText: string, intentsSource: string, options: { format?: ReportFormat } & ReachabilityOptions = {}): NetpolReport {
  const intents = parseNetworkIntents(intentsText, intentsSource);
  const results = evaluateIntents(buildReachabilityModel(snapshot, options), intents);
  const exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
  return { text: options.format === 'json' ? JSON.stringify(results, null, 2) : formatIntentResults(results), exitCode };
}
