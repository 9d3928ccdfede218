// Benchmark: how fast the simulator starts and serves, per preset (default M; `node bench/sim.bench.mjs M,L`).
// Serving is compared with kubectl fetching the same pages from it in the same run: the simulator's share of a
// `kubectl get pods,configmaps,secrets -A -o json --chunk-size=500` must stay small (target: raw fetch ≤ 0.25 × kubectl),
// so collector-vs-kubectl benchmarks measure the clients, not the server.
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const presets = (process.argv[2] ?? 'M').split(',');
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

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr.slice(0, 500)}`)),
    );
  });
}

const timed = async (fn) => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};

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
      await run('kubectl', kubectlArgs);
      const cpu0 = await serverUsage(sim);
      const raw = await timed(() => rawFetch(sim.info));
      const cpu1 = await serverUsage(sim);
      const kubectl = await timed(() => run('kubectl', kubectlArgs));
      rows.push({
        preset,
        objects: sim.info.counts.pods + sim.info.counts.configmaps + sim.info.counts.secrets,
        startMs: sim.info.startMs,
        startCpuMs: sim.info.startCpuMs,
        serverRssMb: cpu1.rssMb,
        servedMb: Math.round(raw.value / 1e6),
        serverCpuMs: cpu1.cpuMs - cpu0.cpuMs,
        rawFetchMs: Math.round(raw.ms),
        kubectlMs: Math.round(kubectl.ms),
        ratio: Number((raw.ms / kubectl.ms).toFixed(3)),
      });
    } finally {
      sim.child.removeAllListeners('exit');
      sim.child.kill('SIGTERM');
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
console.table(rows);
const worst = Math.max(...rows.map((r) => r.ratio));
console.log(
  `simulator serving / kubectl: worst ratio ${worst} (target ≤ ${targetRatio}) ${worst <= targetRatio ? 'OK' : 'ABOVE TARGET'}`,
);
process.exitCode = worst <= targetRatio ? 0 : 1;
