// Rules benchmark: the whole catalog over simulator presets M and L, as a ratio to JSON.parse of the same snapshot
// (the floor), with the shared method of @meshguard/bench: each preset runs in 3 fresh processes; in each, the floor
// and the evaluations alternate for 4 rounds with gc() before every run, each evaluation gets a freshly parsed
// snapshot (parsed outside the timed region) and every result is dropped. Round 1 is cold (the first evaluation in the
// process, what a CLI user gets); the verdict is on the cold median. Peak RSS is sampled from a thread per run.
// Target: whole catalog <= 2x JSON.parse at L, wall and CPU (cold medians).
// Usage: node bench/evaluate.bench.mjs [presets, default M,L] [--processes=3] [--rounds=4]
import {
  alternate,
  benchArgs,
  compareToFloor,
  inFreshProcesses,
  isBenchChild,
  printReport,
  reportToParent,
} from '@meshguard/bench';

const args = benchArgs();
const option = (name, fallback) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const presets = (args.find((arg) => !arg.startsWith('--')) ?? 'M,L').split(',');
const targetRatio = 2;

if (isBenchChild()) {
  const { catalog, evaluateRules } = await import('@meshguard/rules');
  const { presetSnapshotText } = await import('./preset-snapshot.mjs');
  const { text, objects } = presetSnapshotText(presets[0]);
  // The rules that run the NetworkPolicy reachability engine are the netpol bench's subject; "local rules" is the rest.
  const reachabilityRules = new Set(['namespace-environment-reachable', 'netpol-exposed-lateral-path', 'netpol-default-deny-neutralised']);
  const localRules = catalog.filter((rule) => !reachabilityRules.has(rule.id));
  const findings = (report) => ({ findings: report.findings.length });
  // The whole catalog comes first among the subjects, so its cold run is the process's first evaluation.
  const measurements = await alternate({ name: 'JSON.parse', prepare: () => text, run: (input) => JSON.parse(input) }, [
    { name: 'whole catalog', prepare: () => JSON.parse(text), run: (snapshot) => evaluateRules(snapshot, catalog), detail: findings },
    { name: 'local rules', prepare: () => JSON.parse(text), run: (snapshot) => evaluateRules(snapshot, localRules), detail: findings },
  ], { rounds: option('rounds', 4) });
  reportToParent(measurements, { objects, snapshotMb: text.length / 1e6 });
  process.exit(0);
}

const rows = [];
for (const preset of presets) {
  const { measurements, extras } = await inFreshProcesses(import.meta.url, {
    processes: option('processes', 3),
    args: [preset, `--rounds=${option('rounds', 4)}`],
    nodeArgs: ['--max-old-space-size=8192'],
  });
  const { objects, snapshotMb } = extras[0];
  const findingsOf = (name) => measurements[name].cold[0].detail.findings;
  const base = { bench: 'rules', case: `preset ${preset}`, floor: 'JSON.parse', floorLabel: 'JSON.parse of the snapshot' };
  const target = preset === 'L' ? { maxRatio: targetRatio } : {};
  const note = `${objects} objects, snapshot ${snapshotMb.toFixed(1)} MB, ${findingsOf('whole catalog')} findings`;
  rows.push(compareToFloor(measurements, { ...base, subject: 'whole catalog', ...target, note }));
  rows.push(compareToFloor(measurements, { ...base, subject: 'whole catalog', subjectLabel: 'whole catalog (CPU)', metric: 'cpuMs', ...target }));
  rows.push(compareToFloor(measurements, { ...base, subject: 'local rules', subjectLabel: 'catalog without the 3 reachability rules' }));
}
printReport(
  'rules bench: the whole catalog over simulator presets, against JSON.parse of the same snapshot',
  `per preset ${option('processes', 3)} fresh processes x ${option('rounds', 4)} rounds, floor and evaluations alternating, gc() before each run, fresh parsed input per run, results dropped; cold = first run in a process; verdict on the cold median (wall and CPU)`,
  rows,
);
