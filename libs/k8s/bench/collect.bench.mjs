// Benchmark: snapshot collection from the simulator (presets M and L) against
// `kubectl get <same kinds> -A -o json --chunk-size=500` on the same server in the same run.
// Target: collector time / kubectl time <= 1.5. Run with `npm run bench` (builds first).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
// Usage: node bench/collect.bench.mjs [presets, default M,L] [runs per preset, default 3 for M and 1 for L: kubectl needs minutes there]
const presets = (process.argv[2] ?? 'M,L').split(',');
const runsFor = (preset) => Number(process.argv[3] ?? (preset === 'L' ? 1 : 3));
const targetRatio = 1.5;

function run(command, args, { capture = true } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
    });
  });
}

function startSim(preset, kubeconfig) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'sim-process.mjs'), preset, kubeconfig], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
    child.stdout.on('data', (chunk) => {
      const line = String(chunk);
      if (line.startsWith('ready')) resolve({ child, counts: JSON.parse(line.slice(6)) });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const resourceArg = ({ kind, apiVersion }) => {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const resource =
    { caliconetworkpolicies: 'networkpolicies', calicoglobalnetworkpolicies: 'globalnetworkpolicies' }[
      kind
    ] ?? kind;
  return group ? `${resource}.${group}` : resource;
};

const work = await mkdtemp(join(tmpdir(), 'meshguard-bench-'));
const rows = [];
try {
  for (const preset of presets) {
    const kubeconfig = join(work, `${preset}.kubeconfig`);
    const sim = await startSim(preset, kubeconfig);
    try {
      const collectorRun = async () =>
        JSON.parse((await run(process.execPath, [join(here, 'collect-once.mjs'), kubeconfig])).stdout);
      const warm = await collectorRun();
      const kinds = warm.collected.map(resourceArg).join(',');
      const kubectlArgs = [
        'get',
        kinds,
        '-A',
        '-o',
        'json',
        '--chunk-size=500',
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(work, 'kube-cache'),
      ];
      await run('kubectl', kubectlArgs, { capture: false });
      const collector = [];
      const kubectl = [];
      const runs = runsFor(preset);
      for (let i = 0; i < runs; i++) {
        kubectl.push((await run('kubectl', kubectlArgs, { capture: false })).ms);
        collector.push(await collectorRun());
      }
      const collectorMs = median(collector.map((c) => c.ms));
      const kubectlMs = median(kubectl);
      rows.push({
        preset,
        runs,
        objects: warm.objects,
        pods: sim.counts.pods,
        kinds: warm.collected.length,
        collectorMs: Math.round(collectorMs),
        kubectlMs: Math.round(kubectlMs),
        ratio: Number((collectorMs / kubectlMs).toFixed(2)),
        peakRssMb: Math.round(Math.max(...collector.map((c) => c.peakRssMb))),
        baselineRssMb: Math.round(collector[0].baselineRssMb),
        heapAfterMb: Math.round(median(collector.map((c) => c.heapAfterMb))),
        requests: warm.requests,
        status: warm.status,
      });
    } finally {
      sim.child.removeAllListeners('exit');
      sim.child.kill('SIGTERM');
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

console.log(
  '\nsnapshot collection vs kubectl get -A -o json --chunk-size=500 (median of `runs` runs each, same server, same run)',
);
console.table(rows);
let failed = false;
for (const row of rows) {
  const ok = row.ratio <= targetRatio;
  failed ||= !ok;
  console.log(
    `${row.preset}: collector ${row.collectorMs} ms vs kubectl ${row.kubectlMs} ms -> ratio ${row.ratio} (target <= ${targetRatio}) ${ok ? 'OK' : 'OVER TARGET'}; peak RSS ${row.peakRssMb} MiB (baseline ${row.baselineRssMb} MiB, heap after ${row.heapAfterMb} MiB) for ${row.objects} objects`,
  );
}
process.exitCode = failed ? 1 : 0;
