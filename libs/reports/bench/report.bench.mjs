// Reports benchmark: a synthetic 1,000-cluster CIS report rendered to JSON and to PDF. Times are reported as ratios to
// JSON.stringify of the same model (the floor, measured in the same process), plus the peak RSS of the whole run
// (input, model and rendering; target < 512 MiB). Each format runs in its own child process so its peak is its own.
// Run with `npm run bench` (or `npm run bench -w @meshguard/reports`).
//
// The fleet: one simulator "demo" cluster is evaluated with the CIS rules once; each of the 1,000 clusters gets its
// own copy of that scan with a pseudo-random share of the findings dropped and half of the rest made its own (as if
// from manifests only that cluster runs), and some clusters are partial (a
// rolebindings gap), stale, unreachable or never scanned, as a real fleet has.
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const clusterCount = Number(process.env.REPORT_BENCH_CLUSTERS ?? 1000);
const format = process.argv[2];

if (!format) {
  const results = ['json', 'pdf'].map((name) =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), name], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      })
        .trim()
        .split('\n')
        .pop(),
    ),
  );
  console.log(
    `\nmeshguard reports bench (${clusterCount}-cluster CIS report; ratio = render time / JSON.stringify of the model)`,
  );
  console.log('format  findings  model ms  floor ms  render ms  ratio   output MB  peak RSS MB');
  for (const r of results)
    console.log(
      `${r.format.padEnd(6)}  ${String(r.findings).padStart(8)}  ${r.modelMs.toFixed(0).padStart(8)}  ${r.floorMs.toFixed(0).padStart(8)}  ${r.renderMs.toFixed(0).padStart(9)}  ${r.ratio.toFixed(2).padStart(6)}  ${r.outputMb.toFixed(1).padStart(9)}  ${r.peakRssMb.toFixed(0).padStart(11)}`,
    );
  const worst = Math.max(...results.map((r) => r.peakRssMb));
  console.log(
    `target: peak RSS < 512 MiB for each format — ${worst < 512 ? 'met' : 'NOT met'} (${worst.toFixed(0)} MiB)`,
  );
  process.exit(0);
}

const { generateCluster } = await import('@meshguard/k8s-sim');
const { catalog, cisKubernetesV110, evaluateRules, rulesOfFramework } = await import('@meshguard/rules');
const { snapshotFromManifests } = await import('@meshguard/rules/testing');
const { buildReportModel, renderReport, scanInputFromEvaluation } = await import('@meshguard/reports');

const objects = [...generateCluster('demo')];
const { snapshot } = snapshotFromManifests(
  JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
  {
    collectedAt: '2026-12-01T06:00:00.000Z',
    digestKey: Buffer.alloc(32, 7),
  },
);
const cis = rulesOfFramework(cisKubernetesV110);
const evaluation = evaluateRules(
  snapshot,
  catalog.filter((rule) => cis.has(rule.id)),
);

// A small deterministic PRNG, so every run builds the same fleet.
let state = 42;
const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

const clusters = [];
for (let index = 0; index < clusterCount; index++) {
  const roll = random();
  const coverageState =
    roll < 0.01
      ? 'never-scanned'
      : roll < 0.02
        ? 'unreachable'
        : roll < 0.04
          ? 'stale'
          : roll < 0.09
            ? 'partial'
            : 'current';
  const gaps =
    coverageState === 'partial' ? [{ kind: 'rolebindings', reason: 'forbidden', detail: '403' }] : [];
  const keep = 0.5 + random() / 2;
  const findings = structuredClone(evaluation.findings.filter(() => random() < keep));
  // Fleets share some manifests and not others: half the findings are made this cluster's own (another namespace,
  // so another fingerprint), the rest stay identical across clusters.
  for (const finding of findings) {
    if (random() < 0.5) continue;
    finding.resource = { ...finding.resource, namespace: `${finding.resource.namespace ?? 'cluster'}-${index}` };
    finding.fingerprint = `${finding.fingerprint.slice(0, 24)}${index.toString(16).padStart(8, '0')}`;
  }
  const scan =
    coverageState === 'never-scanned' || coverageState === 'unreachable'
      ? null
      : scanInputFromEvaluation(
          { ...evaluation, findings },
          { scanId: `scan-${index}`, gaps, serverVersion: 'v1.30.2' },
        );
  clusters.push({
    clusterId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `cluster-${String(index).padStart(4, '0')}`,
    labels: { env: index % 3 === 0 ? 'prod' : 'staging', team: `team-${index % 17}` },
    coverageState,
    ...(coverageState === 'unreachable' ? { coverageReason: 'connection refused' } : {}),
    scan,
  });
}
const input = {
  frameworkId: 'cis-k8s-v1.10',
  scope: { kind: 'fleet', description: 'fleet' },
  asOf: '2026-12-02T00:00:00.000Z',
  generatedAt: '2026-12-02T00:05:00.000Z',
  reportId: 'bench',
  clusters,
};

globalThis.gc?.();
let started = performance.now();
const model = buildReportModel(input);
const modelMs = performance.now() - started;

globalThis.gc?.();
started = performance.now();
let floor = JSON.stringify(model);
const floorMs = performance.now() - started;
floor = undefined;
globalThis.gc?.();

/** A sink that keeps nothing, counts bytes and asks for a drain now and then, like a file. */
let bytes = 0;
const sink = new Writable({
  highWaterMark: 64 * 1024,
  write(chunk, _encoding, callback) {
    bytes += chunk.length;
    setImmediate(callback);
  },
});
started = performance.now();
await renderReport(model, format, sink);
const renderMs = performance.now() - started;

const findings =
  model.summary.findings.open + model.summary.findings.excepted + model.summary.findings.accepted;
console.log(
  JSON.stringify({
    format,
    findings,
    modelMs,
    floorMs,
    renderMs,
    ratio: renderMs / floorMs,
    outputMb: bytes / 1024 / 1024,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
