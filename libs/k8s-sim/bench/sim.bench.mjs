// Benchmark: how fast the simulator starts and serves, per preset (default M; `node bench/sim.bench.mjs M,L`).
// Serving is compared with kubectl fetching the same pages from it in the same run: the simulator's share of a
// `kubectl get pods,configmaps,secrets -A -o json --chunk-size=500` must stay small (target: raw fetch ≤ 0.25 × kubectl,
// cold median), so client benchmarks measure the clients, not the server. Method (@meshguard/bench): 3 alternating
// rounds of the raw fetch (this process) and kubectl (its own process); the first round is cold.
// Usage: node bench/sim.bench.mjs [presets] [--rounds=3]
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternate, benchArgs, checkRow, compareToFloor, printReport, timedProcess } from '@meshguard/bench';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = benchArgs();
const presets = (args.find((arg) => !arg.startsWith('--')) ?? 'M').split(',');
const rounds = Number(args.find((arg) => arg.startsWith('--rounds='))?.split('=')[1] ?? 3);
const resources = ['/api/v1/pods', '/api/v1/configmaps', '/api/v1/secrets'];
const targetRatio = 0.25;

function startSim(preset, kubeconfig) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'sim-server.mjs'), preset, kubeconfig], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = [];
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`simulator exited early (${code})`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        if (line.startsWith('ready ')) resolve({ child, info: JSON.parse(line.slice(6)), lines });
        else lines.push(line);
      }
    });
  });
}

async function serverUsage(sim) {
  const before = sim.lines.length;
  sim.child.kill('SIGUSR2');
  while (sim.lines.length === before) await new Promise((r) => setTimeout(r, 20));
  const [, cpu, , rss] = sim.lines.at(-1).split(' ');
  return { cpuMs: Number(cpu), rssMb: Number(rss) };
}

function fetchText(url, caPem) {
  return new Promise((resolve, reject) => {
    request(
      url,
      { ca: caPem, headers: { Authorization: 'Bearer read-only', Accept: 'application/json' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    )
      .on('error', reject)
      .end();
  });
}

/** Every page of every resource, reading only the continue token: the server plus transport, no client work. */
async function rawFetch(info) {
  let bytes = 0;
  for (const path of resources) {
    let token = '';
    do {
      const text = await fetchText(
        `${info.url}${path}?limit=500${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
        info.caPem,
      );
      bytes += text.length;
      token = /"continue":"([^"]+)"/.exec(text.slice(0, 1000))?.[1] ?? '';
    } while (token);
  }
  return bytes;
}

const work = await mkdtemp(join(tmpdir(), 'k8s-sim-bench-'));
const rows = [];
try {
  for (const preset of presets) {
    const kubeconfig = join(work, `${preset}.kubeconfig`);
    const sim = await startSim(preset, kubeconfig);
    try {
      const kubectlArgs = [
        'get',
        'pods,configmaps,secrets',
        '-A',
        '-o',
        'json',
        '--chunk-size=500',
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(work, 'cache'),
      ];
      await timedProcess('kubectl', kubectlArgs); // fills kubectl's discovery cache, as on a user's machine
      const cpu0 = await serverUsage(sim);
      let servedBytes = 0;
      const measurements = await alternate(
        { name: 'kubectl', run: () => timedProcess('kubectl', kubectlArgs) },
        [{ name: 'raw fetch', run: () => rawFetch(sim.info), detail: (bytes) => ((servedBytes = bytes), { bytes }) }],
        { rounds, rss: false },
      );
      const cpu1 = await serverUsage(sim);
      const base = { bench: 'k8s-sim', case: `preset ${preset}` };
      const objects = sim.info.counts.pods + sim.info.counts.configmaps + sim.info.counts.secrets;
      rows.push(
        compareToFloor(measurements, {
          ...base,
          floor: 'kubectl',
          floorLabel: 'kubectl get pods,configmaps,secrets -o json',
          subject: 'raw fetch',
          subjectLabel: 'simulator serving (raw fetch of the same pages)',
          maxRatio: targetRatio,
          note: `${objects} objects, ${Math.round(servedBytes / 1e6)} MB a fetch; server CPU ${Math.round((cpu1.cpuMs - cpu0.cpuMs) / rounds)} ms a round (both clients), RSS ${cpu1.rssMb} MB`,
        }),
        checkRow({ ...base, subject: 'simulator start (generate + index)', unit: 'ms', value: sim.info.startMs, note: `start CPU ${sim.info.startCpuMs} ms` }),
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
  'k8s-sim bench: the simulator serving list pages, against kubectl reading the same pages',
  `${rounds} rounds per preset, kubectl (own process) and the raw fetch alternating; first round cold; verdict on the cold median`,
  rows,
);
