// Runs the simulator in its own process so the collector's memory is measured alone.
// Usage: node bench/sim-process.mjs <preset> <kubeconfig-out>; prints "ready" when serving.
import { writeFile } from 'node:fs/promises';
import { startSimulator } from '@meshguard/k8s-sim';

const [preset, kubeconfigOut] = process.argv.slice(2);
const sim = await startSimulator({ preset });
await writeFile(kubeconfigOut, sim.kubeconfig({ token: 'read-only' }), { mode: 0o600 });
process.stdout.write(`ready ${JSON.stringify(sim.counts())}\n`);
process.on('SIGTERM', () => sim.stop().finally(() => process.exit(0)));
