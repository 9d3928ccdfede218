// Peak memory of a preset-L scan's collect + evaluate, the way it ran before issue 19 (on the main thread) next to
// the compute pool's thread, each in a fresh child process measured by the kernel's high-water mark (VmHWM: every
// thread, synchronous phases included). Same simulator process for both, same run. Target: pool <= 1.15x main thread.
// Usage: node bench/scan-memory.bench.mjs [preset, default L]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [mode, preset = 'L', kubeconfigArg] = process.argv.slice(2)[0] === '--child' ? process.argv.slice(3) : [undefined, process.argv[2] ?? 'L'];

if (!mode) {
  const { startSimulatorProcess } = await import('@meshguard/k8s-sim');
  const simulator = await startSimulatorProcess(preset);
  const results = [];
  try {
    for (const childMode of ['main-thread', 'pool']) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', childMode, preset, simulator.kubeconfig], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      results.push(JSON.parse(out.trim().split('\n').pop()));
    }
  } finally {
    await simulator.stop();
  }
  console.log(`\nmeshguard scan memory bench (collect + evaluate + summary + row encoding of preset ${preset}, one fresh process each)`);
  console.log('where              findings  wall ms  peak RSS MB');
  for (const r of results) console.log(`${r.mode.padEnd(17)}  ${String(r.findings).padStart(8)}  ${String(r.wallMs).padStart(7)}  ${String(r.peakRssMb).padStart(11)}`);
  const ratio = results[1].peakRssMb / results[0].peakRssMb;
  console.log(`target: peak RSS on the compute pool <= 1.15x the main-thread scan at ${preset} — ${ratio <= 1.15 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
  process.exit(0);
}

const { ComputePool } = await import('@meshguard/compute');
const { encodeFindings } = await import('@meshguard/db');
const { collectSnapshot, prepareClusterAccess } = await import('@meshguard/k8s');
const { catalog, evaluateRules } = await import('@meshguard/rules');
const { findingRows, uniqueByFingerprint } = await import('../dist/scans/scan-findings.js');
const { summarizeScan } = await import('../dist/scans/scan-summary.js');
const { scanThreadTask } = await import('../dist/scans/scan-thread.js');

const started = performance.now();
let findings;
if (mode === 'main-thread') {
  // What ScanPipeline did before the compute pool, in the same order.
  const target = await prepareClusterAccess(Buffer.from(kubeconfigArg), { allowedAddresses: ['127.0.0.1'] });
  const collection = await collectSnapshot(target);
  const evaluated = evaluateRules(collection.snapshot, catalog, { exceptions: [] });
  const report = { ...evaluated, findings: uniqueByFingerprint(evaluated.findings) };
  summarizeScan(report, undefined, null);
  findings = encodeFindings(findingRows(report, undefined, '00000000-0000-0000-0000-000000000000')).count;
} else {
  const pool = new ComputePool({ threads: 1 });
  const kubeconfig = new Uint8Array(Buffer.from(kubeconfigArg));
  const result = await pool.run(
    scanThreadTask,
    { scanId: '00000000-0000-0000-0000-000000000000', kubeconfig, allowedAddresses: ['127.0.0.1'], exceptions: [], previous: undefined },
    { transfer: [kubeconfig.buffer] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  findings = result.findings.count;
  await pool.destroy();
}
const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((entry) => entry.startsWith('VmHWM:'));
process.stdout.write(
  `${JSON.stringify({ mode, findings, wallMs: Math.round(performance.now() - started), peakRssMb: Math.round(Number(line.replace(/\D+/g, '')) / 1024) })}\n`,
);
process.exit(0);
