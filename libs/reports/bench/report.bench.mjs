// Reports benchmark: a synthetic 1,000-cluster CIS report rendered to JSON and to PDF. Times are reported as ratios to
// JSON.stringify of the same model (the floor, measured in the same process), plus the peak RSS of the whole run
// (input, model and rendering; target < 512 MiB). Each format runs in its own child process so its peak is its own.
// Run with `npm run bench` (or `npm run bench -w @meshguard/reports`).
//
// The fleet: one simulator "demo" cluster is evaluated with the CIS rules once; each of the 1,000 clusters gets its
// own copy of that scan with a pseudo-random share of the findings dropped and half of the rest made its own (as if
// from manifests only that cluster runs), and some clusters are partial (a
// rolebindings gap), stale, unreachable or never scanned, as a real fleet has.
import { Writable } from 'node:stream';
import {
  alternate,
  benchArgs,
  checkRow,
  compareToFloor,
  inFreshProcesses,
  isBenchChild,
  mergeMeasurements,
  printReport,
  processPeakRssMb,
  reportToParent,
} from '@meshguard/bench';

const clusterCount = Number(process.env.REPORT_BENCH_CLUSTERS ?? 1000);
const args = benchArgs();
const option = (name, fallback) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rounds = option('rounds', 2);
const formats = ['json', 'pdf'];

if (!isBenchChild()) {
  const rows = [];
  for (const format of formats) {
    const measurements = {};
    let beforeRenderMb = 0;
    let outputMb = 0;
    for (let index = 0; index < option('processes', 3); index++) {
      const { measurements: one, extras } = await inFreshProcesses(import.meta.url, { processes: 1, args: [format, `--rounds=${rounds}`] });
      mergeMeasurements(measurements, one);
      beforeRenderMb = Math.max(beforeRenderMb, extras[0].beforeRenderMb);
      outputMb = extras[0].outputMb;
    }
    const render = compareToFloor(measurements, {
      bench: 'reports',
      case: `${clusterCount} clusters, ${format}`,
      floor: 'JSON.stringify',
      floorLabel: 'JSON.stringify of the model',
      subject: 'render',
      subjectLabel: `render ${format}`,
      note: `model built in ${extrasNote(measurements)}; output ${outputMb.toFixed(1)} MB; findings ${measurements.render.cold[0].detail.findings}`,
    });
    const peak = Math.max(beforeRenderMb, render.peakRssMb ?? 0, render.floorPeakRssMb ?? 0);
    rows.push(render, checkRow({ bench: 'reports', case: `${clusterCount} clusters, ${format}`, subject: 'peak RSS of the whole run (input, model, rendering)', unit: 'MiB', value: peak, max: 512, label: 'peak RSS < 512 MiB' }));
  }
  printReport(
    `reports bench: a ${clusterCount}-cluster CIS report rendered to JSON and PDF, against JSON.stringify of the same model`,
    `per format ${option('processes', 3)} fresh processes x ${rounds} rounds, floor and render alternating, gc() before each run, RSS sampled from a thread (plus the high-water mark of building input and model); verdict on the cold median`,
    rows,
  );
  process.exit(0);
}

function extrasNote(measurements) {
  const values = measurements.model.cold.map((s) => s.ms).sort((a, b) => a - b);
  return `${values[values.length >> 1].toFixed(0)} ms (median)`;
}

const format = args.find((arg) => !arg.startsWith('--'));
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
const modelStarted = performance.now();
const model = buildReportModel(input);
const modelMs = performance.now() - modelStarted;
const beforeRenderMb = processPeakRssMb();

/** A sink that keeps nothing, counts bytes and asks for a drain now and then, like a file. */
let bytes = 0;
const sink = () =>
  new Writable({
    highWaterMark: 64 * 1024,
    write(chunk, _encoding, callback) {
      bytes += chunk.length;
      setImmediate(callback);
    },
  });
const findings = model.summary.findings.open + model.summary.findings.excepted + model.summary.findings.accepted;
const measurements = await alternate(
  { name: 'JSON.stringify', run: () => JSON.stringify(model).length },
  [{ name: 'render', prepare: () => ((bytes = 0), sink()), run: (out) => renderReport(model, format, out), detail: () => ({ findings, bytes }) }],
  { rounds },
);
measurements.model = { cold: [{ ms: modelMs }], warm: [] };
reportToParent(measurements, { beforeRenderMb, outputMb: bytes / 1024 / 1024 });
process.exit(0);
