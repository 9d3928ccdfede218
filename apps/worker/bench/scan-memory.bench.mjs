// Peak memory of a scan's collect + evaluate + summary + row encoding (the compute pool's scan task), run on the main
// thread as before issue 19 and on the compute pool's thread, each in a fresh process measured by the kernel's high-water mark (VmHWM: every thread, synchronous
// phases included). Same simulator process for all runs. Method (@meshguard/bench): 3 pairs of fresh processes, the
// order alternating (main thread first, then pool first, …); min/median/max per side; verdict on the median.
// Target: pool <= 1.15x main thread. Usage: node bench/scan-memory.bench.mjs [preset, default L] [--processes=3]
import {
  benchArgs,
  compareToFloor,
  inFreshProcesses,
  isBenchChild,
  mergeMeasurements,
  printReport,
  processPeakRssMb,
  reportToParent,
} from '@meshguard/bench';

const args = benchArgs();
const option = (name, fallback) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const [preset = 'L', kubeconfigArg] = args.filter((arg) => !arg.startsWith('--'));
const mode = option('mode');

if (isBenchChild()) {
  const { ComputePool } = await import('@meshguard/compute');
  const { default: runScanOnThread } = await import('../dist/scans/scan-thread.task.js');
  const { scanThreadTask } = await import('../dist/scans/scan-thread.js');

  const input = {
    scanId: '00000000-0000-0000-0000-000000000000',
    kubeconfig: new Uint8Array(Buffer.from(kubeconfigArg)),
    allowedAddresses: ['127.0.0.1'],
    exceptions: [],
    previous: { scanId: null, open: new Map() },
  };
  const started = performance.now();
  let result;
  if (mode === 'main thread') {
    // The very task the pool runs, called on the main thread: how scans ran before the compute pool.
    const { valueSymbol } = await import('piscina');
    const envelope = await runScanOnThread(input);
    result = envelope[valueSymbol] ?? envelope; // the pool unwraps withTransfer's envelope; called directly, we do
  } else {
    const pool = new ComputePool({ threads: 1 });
    result = await pool.run(scanThreadTask, input, { transfer: [input.kubeconfig.buffer] });
    await pool.destroy();
  }
  if (!result.ok) throw new Error(`the scan task failed: ${JSON.stringify(result)}`);
  const findings = result.findings.count;
  const sample = { ms: performance.now() - started, peakRssMb: processPeakRssMb(), detail: { findings } };
  reportToParent({ [mode]: { cold: [sample], warm: [] } });
  process.exit(0);
}

const { startSimulatorProcess } = await import('@meshguard/k8s-sim');
const simulator = await startSimulatorProcess(preset);
const measurements = {};
try {
  for (let index = 0; index < Number(option('processes', 3)); index++) {
    const order = index % 2 === 0 ? ['main thread', 'pool'] : ['pool', 'main thread'];
    for (const childMode of order) {
      const { measurements: one } = await inFreshProcesses(import.meta.url, { processes: 1, args: [preset, simulator.kubeconfig, `--mode=${childMode}`] });
      mergeMeasurements(measurements, one);
    }
  }
} finally {
  await simulator.stop();
}
const findings = measurements.pool.cold[0].detail.findings;
if (measurements['main thread'].cold[0].detail.findings !== findings) throw new Error('the two ways found different findings');
printReport(
  'scan memory bench: peak RSS of collect + evaluate + summary + row encoding, compute pool against the main thread',
  `${option('processes', 3)} pairs of fresh processes, order alternating; each process's kernel high-water mark (VmHWM, every thread); verdict on the median`,
  [
    compareToFloor(measurements, { bench: 'scan-memory', case: `preset ${preset}`, floor: 'main thread', floorLabel: 'scan on the main thread', subject: 'pool', subjectLabel: 'scan on the compute pool', metric: 'peakRssMb', ...(preset === 'L' ? { maxRatio: 1.15 } : {}), note: `${findings} findings` }),
    compareToFloor(measurements, { bench: 'scan-memory', case: `preset ${preset}`, floor: 'main thread', floorLabel: 'scan on the main thread', subject: 'pool', subjectLabel: 'scan on the compute pool (wall)' }),
  ],
);
