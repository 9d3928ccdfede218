// Benchmark: the NetworkPolicy reachability engine on simulator preset L (50k pods, 5k policies, 2k namespaces):
// class computation, full connectivity summary, exposure and lateral paths, each reported as a ratio to
// JSON.parse of the same snapshot in the same run, with peak memory.
// Targets: full connectivity (model + summary) under 5x the parse time and peak RSS under 2 GiB.
// Run with `npm run bench` in libs/rules (builds first). Usage: node bench/netpol.bench.mjs [preset, default L]
import { generateCluster, syntheticNetwork } from '@meshguard/k8s-sim';
import { snapshotKinds } from '../dist/snapshot/kinds.js';
import {
  buildReachabilityModel,
  connectivitySummary,
  exposure,
  lateralPaths,
  ReachabilityEvaluator,
} from '../dist/netpol/index.js';

const preset = process.argv[2] ?? 'L';
const targets = { connectivity: 5, peakBytes: 2 * 1024 ** 3 };

const pluralOf = new Map(
  Object.entries(snapshotKinds).map(([plural, info]) => [`${info.group}|${info.kind}`, plural]),
);

function buildSnapshotJson() {
  const resources = {};
  for (const obj of generateCluster(preset)) {
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const plural = pluralOf.get(`${group}|${obj.kind}`);
    if (!plural) continue;
    (resources[plural] ??= []).push(obj);
  }
  const snapshot = {
    schemaVersion: 1,
    source: { type: 'cluster', location: 'https://127.0.0.1:6443' },
    collectedAt: '2026-01-01T00:00:00Z',
    resources,
    coverage: { gaps: [] },
    network: { podCidrs: [syntheticNetwork.podCidr], serviceCidrs: [syntheticNetwork.serviceCidr] },
  };
  return JSON.stringify(snapshot);
}

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const sampler = setInterval(sample, 20);

function timed(fn) {
  sample();
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  sample();
  return { ms, result };
}

const json = buildSnapshotJson();
// Parse floor: the median of three parses of the same text.
const parses = [0, 1, 2].map(() => timed(() => JSON.parse(json)));
const parseMs = parses.map((p) => p.ms).sort((a, b) => a - b)[1];
const snapshot = parses[0].result;
const counts = Object.fromEntries(
  ['namespaces', 'pods', 'networkpolicies', 'services', 'ingresses'].map((k) => [
    k,
    snapshot.resources[k]?.length ?? 0,
  ]),
);
global.gc?.();
const baselineRss = process.memoryUsage().rss;
peakRss = baselineRss;

const model = timed(() => buildReachabilityModel(snapshot));
const evaluator = new ReachabilityEvaluator(model.result);
const summary = timed(() => connectivitySummary(model.result, evaluator));
const exposed = timed(() => exposure(model.result, evaluator));
const lateral = timed(() => lateralPaths(model.result, {}, evaluator, exposed.result));
clearInterval(sampler);
sample();

const ratio = (ms) => (ms / parseMs).toFixed(2);
const connectivityMs = model.ms + summary.ms;
const mib = (b) => `${(b / 1024 ** 2).toFixed(0)} MiB`;
console.log(`netpol bench, preset ${preset}: ${JSON.stringify(counts)}; snapshot JSON ${mib(json.length)}`);
console.log(
  `  classes ${model.result.classes.length - 1}, workloads ${model.result.workloads.length}, external blocks ${model.result.blocks.length}, policies ${model.result.policies.length}`,
);
console.log(`  JSON.parse (floor)          ${parseMs.toFixed(0).padStart(7)} ms  1.00x`);
console.log(`  class computation (model)   ${model.ms.toFixed(0).padStart(7)} ms  ${ratio(model.ms)}x`);
console.log(
  `  connectivity summary        ${summary.ms.toFixed(0).padStart(7)} ms  ${ratio(summary.ms)}x  (allowed workload pairs ${summary.result.workloadPairs.allowed}, all-connections ${summary.result.workloadPairs.allConnections})`,
);
console.log(
  `  full connectivity (model+summary) ${connectivityMs.toFixed(0).padStart(7)} ms  ${ratio(connectivityMs)}x  target < ${targets.connectivity}x`,
);
console.log(
  `  exposure                    ${exposed.ms.toFixed(0).padStart(7)} ms  ${ratio(exposed.ms)}x  (${exposed.result.filter((e) => e.internetExposed).length} internet-exposed workloads)`,
);
console.log(
  `  lateral paths               ${lateral.ms.toFixed(0).padStart(7)} ms  ${ratio(lateral.ms)}x  (${lateral.result.length} paths)`,
);
console.log(
  `  peak RSS ${mib(peakRss)} (baseline after parse ${mib(baselineRss)}), target < ${mib(targets.peakBytes)}`,
);
const ok = connectivityMs / parseMs < targets.connectivity && peakRss < targets.peakBytes;
console.log(ok ? '  PASS' : '  FAIL: a target was missed');
process.exitCode = ok ? 0 : 1;
