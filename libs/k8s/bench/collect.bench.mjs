// Benchmark: snapshot collection from the simulator (presets M and L) against its floor, a raw paginated fetch of the
// same kinds with JSON.parse of each page over the same connection settings (raw-list-fetch.mjs), measured with
// @meshguard/bench: per preset 3 fresh processes, the floor and the collector alternating (cold = the first in the
// process: a CLI user's run), gc() before each run, peak RSS sampled from a thread. kubectl
// `get <same kinds> -A -o json --chunk-size=500` runs once between the processes, in its own process, as an
// informational column (its time is mostly printing JSON).
// Target: collector <= 1.3x the floor (cold median) at M and L. The simulator runs in its own process.
// Usage: node bench/collect.bench.mjs [presets, default M,L] [--processes=3] [--rounds=2] [--kubectl-runs=N, 0 skips kubectl]
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  alternate,
  benchArgs,
  compareToFloor,
  inFreshProcesses,
  isBenchChild,
  mergeMeasurements,
  printReport,
  reportToParent,
  timedProcess,
} from '@meshguard/bench';
import { connectionOf, listPathOf, rawListFetch } from './raw-list-fetch.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = benchArgs();
const option = (name, fallback) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const positional = args.filter((arg) => !arg.startsWith('--'));
const targetRatio = 1.3;
const rounds = option('rounds', 2);

if (isBenchChild()) {
  const [kubeconfigPath, kindsJson] = positional;
  const { collectSnapshot, prepareClusterAccess } = await import('../dist/index.js');
  const kubeconfig = await readFile(kubeconfigPath, 'utf8');
  const paths = JSON.parse(kindsJson).map(listPathOf);
  const measurements = await alternate(
    { name: 'raw fetch + parse', prepare: () => ({ ...connectionOf(kubeconfig), paths }), run: rawListFetch, detail: (r) => r },
    [
      {
        name: 'collector',
        run: async () => collectSnapshot(await prepareClusterAccess(kubeconfig, { allowedAddresses: ['127.0.0.1'] })),
        detail: (result) => ({ objects: result.stats.objects, requests: result.stats.requests, status: result.status }),
      },
    ],
    // Each child is the first of its own inFreshProcesses call, so the parent says which process this is: without it
    // the floor would always run first and pay every first-in-process cost (TLS, zlib, the HTTP parser) alone.
    { rounds, subjectsFirst: (round) => (round + option('process', 0)) % 2 === 1 },
  );
  reportToParent(measurements);
  process.exit(0);
}

function startSim(preset, kubeconfig) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'sim-process.mjs'), preset, kubeconfig], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
    child.stdout.on('data', (chunk) => {
      const line = String(chunk);
      if (line.startsWith('ready')) resolve({ child, counts: JSON.parse(line.slice(6)) });
    });
  });
}

/** The kinds one collection lists, from a first (unmeasured) collection that also warms the simulator's caches. */
async function collectedKinds(kubeconfig) {
  const script = `import { readFile } from 'node:fs/promises';
    import { collectSnapshot, prepareClusterAccess } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
    const result = await collectSnapshot(await prepareClusterAccess(await readFile(process.argv[1], 'utf8'), { allowedAddresses: ['127.0.0.1'] }));
    process.stdout.write(JSON.stringify(result.kinds.filter((k) => k.outcome === 'collected').map(({ kind, apiVersion }) => ({ kind, apiVersion }))));`;
  const run = await timedProcess(process.execPath, ['--input-type=module', '-e', script, kubeconfig], { captureStdout: true });
  return JSON.parse(run.stdout);
}

const kubectlResource = ({ kind, apiVersion }) => {
  const path = listPathOf({ kind, apiVersion }).split('/');
  const resource = path.at(-1);
  return apiVersion.includes('/') ? `${resource}.${apiVersion.split('/')[0]}` : resource;
};

const work = await mkdtemp(join(tmpdir(), 'meshguard-bench-'));
const rows = [];
try {
  for (const preset of (positional[0] ?? 'M,L').split(',')) {
    const kubeconfig = join(work, `${preset}.kubeconfig`);
    const sim = await startSim(preset, kubeconfig);
    try {
      const kinds = await collectedKinds(kubeconfig);
      const kubectlArgs = ['get', kinds.map(kubectlResource).join(','), '-A', '-o', 'json', '--chunk-size=500', '--kubeconfig', kubeconfig, '--cache-dir', join(work, 'kube-cache')];
      const processes = option('processes', 3);
      const kubectlRuns = option('kubectl-runs', preset === 'L' ? 1 : processes);
      if (kubectlRuns > 0) await timedProcess('kubectl', kubectlArgs); // fills kubectl's discovery cache, as on a user's machine
      const measurements = { kubectl: { cold: [], warm: [] } };
      for (let index = 0; index < processes; index++) {
        const { measurements: one } = await inFreshProcesses(import.meta.url, { processes: 1, args: [kubeconfig, JSON.stringify(kinds), `--rounds=${rounds}`, `--process=${index}`] });
        mergeMeasurements(measurements, one);
        if (index < kubectlRuns) measurements.kubectl.cold.push(await timedProcess('kubectl', kubectlArgs));
      }
      const collected = measurements.collector.cold[0].detail;
      const fetched = measurements['raw fetch + parse'].cold[0].detail;
      if (collected.objects !== fetched.objects) throw new Error(`the collector read ${collected.objects} objects, the floor ${fetched.objects}`);
      const base = { bench: 'collect', case: `preset ${preset}` };
      rows.push(
        compareToFloor(measurements, {
          ...base,
          floor: 'raw fetch + parse',
          floorLabel: `raw paginated fetch + JSON.parse (${kinds.length} kinds)`,
          subject: 'collector',
          subjectLabel: 'collector (prepare + collect)',
          maxRatio: targetRatio,
          note: `${collected.objects} objects of ${kinds.length} kinds in ${fetched.pages} pages (${sim.counts.pods} pods); collector ${collected.requests} requests, status ${collected.status}`,
        }),
      );
      // The process's CPU (GC threads included), informational: on a loaded machine it varies less than wall time.
      rows.push(
        compareToFloor(measurements, {
          ...base,
          floor: 'raw fetch + parse',
          floorLabel: 'raw paginated fetch + JSON.parse',
          subject: 'collector',
          subjectLabel: 'collector (CPU, informational)',
          metric: 'cpuMs',
        }),
      );
      if (kubectlRuns > 0)
        rows.push(
          compareToFloor(measurements, { ...base, floor: 'raw fetch + parse', floorLabel: 'raw paginated fetch + JSON.parse', subject: 'kubectl', subjectLabel: 'kubectl get -o json (informational)' }),
          compareToFloor(measurements, { ...base, floor: 'kubectl', floorLabel: 'kubectl get -o json', subject: 'collector', subjectLabel: 'collector vs kubectl (informational)' }),
        );
    } finally {
      sim.child.removeAllListeners('exit');
      sim.child.kill('SIGTERM');
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
printReport(
  'collect bench: snapshot collection from the simulator, against a raw paginated fetch + JSON.parse of the same kinds',
  `per preset ${option('processes', 3)} fresh processes x ${rounds} rounds (floor and collector alternating, every other process starting with the collector; gc() before each run; RSS sampled from a thread), kubectl in its own process between them; verdict on the cold median`,
  rows,
);
