// Benchmark: the NetworkPolicy reachability engine on simulator preset L (50k pods, 5k policies, 2k namespaces):
// full connectivity (class computation + connectivity summary), exposure and lateral paths, each a ratio to
// JSON.parse of the same snapshot the rules bench parses, measured the same way (@meshguard/bench): 3 fresh
// processes, floor and subjects alternating with gc() before each run, inputs prepared outside the timed region,
// results dropped; peak RSS sampled from a thread during each run (synchronous phases included).
// Targets: full connectivity <= 2x JSON.parse (cold median) and peak RSS < 2 GiB.
// Usage: node bench/netpol.bench.mjs [preset, default L] [--processes=3] [--rounds=3]
import {
  alternate,
  benchArgs,
  checkRow,
  compareToFloor,
  inFreshProcesses,
  isBenchChild,
  printReport,
  reportToParent,
} from '@meshguard/bench';

const args = benchArgs();
const option = (name, fallback) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const preset = args.find((arg) => !arg.startsWith('--')) ?? 'L';
const targets = { connectivity: 2, peakRssMb: 2048 };
const rounds = option('rounds', 3);

if (isBenchChild()) {
  const { buildReachabilityModel, connectivitySummary, exposure, lateralPaths, ReachabilityEvaluator } = await import(
    '../dist/netpol/index.js'
  );
  const { presetSnapshotText } = await import('./preset-snapshot.mjs');
  const { text, objects } = presetSnapshotText(preset);
  const modelOf = (snapshot) => {
    const model = buildReachabilityModel(snapshot);
    return { model, evaluator: new ReachabilityEvaluator(model) };
  };
  const measurements = await alternate({ name: 'JSON.parse', prepare: () => text, run: (input) => JSON.parse(input) }, [
    {
      // First among the subjects: its cold run is the engine's first execution in the process.
      name: 'full connectivity',
      prepare: () => JSON.parse(text),
      run: (snapshot) => {
        const started = performance.now();
        const { model, evaluator } = modelOf(snapshot);
        const modelMs = performance.now() - started;
        return { model, modelMs, summary: connectivitySummary(model, evaluator) };
      },
      detail: ({ model, modelMs, summary }) => ({
        modelMs,
        classes: model.classes.length - 1,
        workloads: model.workloads.length,
        policies: model.policies.length,
        allowedPairs: summary.workloadPairs.allowed,
      }),
    },
    {
      name: 'exposure',
      prepare: () => modelOf(JSON.parse(text)),
      run: ({ model, evaluator }) => exposure(model, evaluator),
      detail: (exposed) => ({ internetExposed: exposed.filter((entry) => entry.internetExposed).length }),
    },
    {
      name: 'lateral paths',
      prepare: () => {
        const { model, evaluator } = modelOf(JSON.parse(text));
        return { model, evaluator, exposed: exposure(model, evaluator) };
      },
      run: ({ model, evaluator, exposed }) => lateralPaths(model, {}, evaluator, exposed),
      detail: (paths) => ({ paths: paths.length }),
    },
  ], { rounds });
  reportToParent(measurements, { objects, snapshotMb: text.length / 2 ** 20 });
  process.exit(0);
}

const { measurements, extras } = await inFreshProcesses(import.meta.url, {
  processes: option('processes', 3),
  args: [preset, `--rounds=${rounds}`],
  nodeArgs: ['--max-old-space-size=8192'],
});
const base = { bench: 'netpol', case: `preset ${preset}`, floor: 'JSON.parse', floorLabel: 'JSON.parse of the snapshot' };
const connectivity = measurements['full connectivity'].cold[0].detail;
const modelMs = measurements['full connectivity'].cold.map((sample) => sample.detail.modelMs).sort((a, b) => a - b);
const rows = [
  compareToFloor(measurements, {
    ...base,
    subject: 'full connectivity',
    subjectLabel: 'full connectivity (model + summary)',
    maxRatio: targets.connectivity,
    note:
      `${extras[0].objects} objects, snapshot ${extras[0].snapshotMb.toFixed(0)} MiB; ${connectivity.classes} classes, ${connectivity.workloads} workloads, ` +
      `${connectivity.policies} policies, ${connectivity.allowedPairs} allowed workload pairs; class computation alone ${modelMs[modelMs.length >> 1].toFixed(0)} ms (cold median)`,
  }),
  compareToFloor(measurements, { ...base, subject: 'exposure', note: `${measurements.exposure.cold[0].detail.internetExposed} internet-exposed workloads` }),
  compareToFloor(measurements, { ...base, subject: 'lateral paths', note: `${measurements['lateral paths'].cold[0].detail.paths} paths` }),
];
const peak = Math.max(...rows.map((row) => row.peakRssMb ?? 0));
rows.push(checkRow({ bench: 'netpol', case: `preset ${preset}`, subject: 'peak RSS of any run', unit: 'MiB', value: peak, max: targets.peakRssMb, label: `peak RSS < ${targets.peakRssMb} MiB` }));
printReport(
  'netpol bench: the NetworkPolicy reachability engine, against JSON.parse of the same snapshot',
  `${option('processes', 3)} fresh processes x ${rounds} rounds, floor and subjects alternating, gc() before each run, inputs prepared outside the timed region, results dropped; RSS sampled every 5 ms from a thread (VmHWM reset per run); verdict on the cold median`,
  rows,
);
