// CLI benchmark (issue 15): a live `meshguard scan` of simulator preset M against `kubectl get` of the same kinds, and
// what the progress display costs: the same scan with progress on a pseudo-terminal (util-linux `script`) against
// `--quiet` on the same pseudo-terminal. Every run is a fresh process (a CLI user's cold run); the cases alternate
// (@meshguard/bench), each measured from outside: wall time, CPU time (user + system of the scan process, every thread,
// from GNU time) and peak RSS. The simulator runs in its own process.
// Targets: progress costs <= 2 % (cold median; judged on CPU time, which a loaded machine disturbs least, wall shown too).
// kubectl is the informational floor of a live scan (its time is mostly printing JSON).
// Usage: node bench/cli.bench.mjs [preset, default M] [--runs=5]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, compareToFloor, printReport, timedProcess } from '@meshguard/bench';
import { startSimulatorProcess } from '@meshguard/k8s-sim';

const args = benchArgs();
const preset = args.find((arg) => !arg.startsWith('--')) ?? 'M';
const runs = Number(args.find((arg) => arg.startsWith('--runs='))?.split('=')[1] ?? 5);
const bin = fileURLToPath(new URL('../bin/meshguard.js', import.meta.url));
const progressTarget = 1.02;
const shellQuote = (value) => `'${String(value).replaceAll("'", "'\\''")}'`;

const work = await mkdtemp(join(tmpdir(), 'meshguard-cli-bench-'));
const simulator = await startSimulatorProcess(preset);
const rows = [];
try {
  const kubeconfig = join(work, 'kubeconfig.yaml');
  await writeFile(kubeconfig, simulator.kubeconfig, { mode: 0o600 });
  const env = { ...process.env, HOME: work, KUBECONFIG: '' };

  /** One scan in a fresh process on a 120x40 pseudo-terminal, measured by GNU time inside it. */
  const scan = async (flags) => {
    const timeFile = join(work, 'time.txt');
    const report = join(work, 'report.json');
    const command = `stty cols 120 rows 40; /usr/bin/time -f '%e %U %S %M' -o ${shellQuote(timeFile)} ${shellQuote(process.execPath)} ${shellQuote(bin)} scan --kubeconfig ${shellQuote(kubeconfig)} --format json --output ${shellQuote(report)} ${flags}`;
    const run = await timedProcess('script', ['-qec', command, '/dev/null'], { env, captureStdout: true });
    const [, user, system, maxKb] = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1).split(' ').map(Number);
    return { ms: run.ms, cpuMs: (user + system) * 1000, peakRssMb: maxKb / 1024, detail: { screenBytes: run.stdout.length } };
  };

  // A first (unmeasured) scan warms the simulator and the disk cache; the kinds come from the same collector.
  await scan('--quiet');
  const kinds = await collectedKinds(kubeconfig);
  const kubectlArgs = ['get', kinds.join(','), '-A', '-o', 'json', '--chunk-size=500', '--kubeconfig', kubeconfig, '--cache-dir', join(work, 'kube-cache')];
  await timedProcess('kubectl', kubectlArgs); // fills kubectl's discovery cache, as on a user's machine

  const measurements = { quiet: { cold: [], warm: [] }, progress: { cold: [], warm: [] }, kubectl: { cold: [], warm: [] } };
  const cases = {
    quiet: () => scan('--quiet'),
    progress: () => scan(''),
    kubectl: async () => timedProcess('kubectl', kubectlArgs),
  };
  for (let index = 0; index < runs; index++) {
    // Rotate the order so no case always follows the same one.
    const order = ['quiet', 'progress', 'kubectl'];
    for (let shift = 0; shift < index % order.length; shift++) order.push(order.shift());
    for (const name of order) measurements[name].cold.push(await cases[name]());
  }
  const drawn = measurements.progress.cold[0].detail.screenBytes;
  const base = { bench: 'cli', case: `live scan of preset ${preset}` };
  rows.push(
    compareToFloor(measurements, { ...base, floor: 'kubectl', floorLabel: `kubectl get (${kinds.length} kinds) -o json`, subject: 'quiet', subjectLabel: 'meshguard scan --quiet (informational)' }),
    compareToFloor(measurements, {
      ...base,
      floor: 'quiet',
      floorLabel: 'scan --quiet on a pseudo-TTY',
      subject: 'progress',
      subjectLabel: 'scan with progress on a pseudo-TTY (CPU)',
      metric: 'cpuMs',
      maxRatio: progressTarget,
      note: `progress drew ${drawn} bytes to the terminal; quiet drew ${measurements.quiet.cold[0].detail.screenBytes}`,
    }),
    compareToFloor(measurements, { ...base, floor: 'quiet', floorLabel: 'scan --quiet on a pseudo-TTY', subject: 'progress', subjectLabel: 'scan with progress on a pseudo-TTY (wall)' }),
  );
} finally {
  await simulator.stop();
  await rm(work, { recursive: true, force: true });
}
printReport(
  `cli bench: a live meshguard scan of simulator preset ${preset} against kubectl, and the progress display's cost`,
  `${runs} rounds, each case a fresh process (cold), order rotating; scans on a 120x40 pseudo-terminal (script -qec) with the report written to a file; CPU and peak RSS from GNU time; verdict on the cold median`,
  rows,
);

/** kubectl resource names of the kinds the collector lists from this cluster. */
async function collectedKinds(kubeconfig) {
  const script = `import { readFile } from 'node:fs/promises';
    import { collectSnapshot, prepareClusterAccess } from '@meshguard/k8s';
    const result = await collectSnapshot(await prepareClusterAccess(await readFile(process.argv[1], 'utf8'), { allowedAddresses: ['127.0.0.1'] }));
    process.stdout.write(JSON.stringify(result.kinds.filter((k) => k.outcome === 'collected').map(({ kind, apiVersion }) => ({ kind, apiVersion }))));`;
  const run = await timedProcess(process.execPath, ['--input-type=module', '-e', script, kubeconfig], { captureStdout: true });
  return JSON.parse(run.stdout).map(({ kind, apiVersion }) => {
    const resource = { caliconetworkpolicies: 'networkpolicies', calicoglobalnetworkpolicies: 'globalnetworkpolicies' }[kind] ?? kind;
    return apiVersion.includes('/') ? `${resource}.${apiVersion.split('/')[0]}` : resource;
  });
}
