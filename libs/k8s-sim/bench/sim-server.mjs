// Child process of sim.bench.mjs: starts the simulator from the build and reports start time and memory.
import { writeFile } from 'node:fs/promises';
import { startSimulator } from '../dist/index.js';

const [preset, kubeconfigOut] = process.argv.slice(2);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const sim = await startSimulator({ preset });
const cpu = process.cpuUsage(cpuBefore);
await writeFile(kubeconfigOut, sim.kubeconfig({ token: 'read-only' }), { mode: 0o600 });
const report = () => ({
  url: sim.url,
  caPem: sim.caPem,
  startMs: Math.round(performance.now() - started),
  startCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  rssMb: Math.round(process.memoryUsage().rss / 1e6),
  counts: sim.counts(),
});
process.stdout.write(`ready ${JSON.stringify(report())}\n`);
process.on('SIGUSR2', () => {
  const c = process.cpuUsage();
  process.stdout.write(
    `cpu ${Math.round((c.user + c.system) / 1000)} rss ${Math.round(process.memoryUsage().rss / 1e6)}\n`,
  );
});
process.on('SIGTERM', () => sim.stop().finally(() => process.exit(0)));
