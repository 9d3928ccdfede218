import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

// Runs on its own thread (so it keeps sampling while the measured thread is busy in synchronous code): reads VmRSS
// and VmHWM of the watched process every `intervalMs` and keeps the largest value in shared memory.
const samplerSource = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const cells = new Int32Array(workerData.shared);
const path = '/proc/' + workerData.pid + '/status';
const field = (text, name) => { const m = new RegExp(name + ':\\\\s+(\\\\d+)').exec(text); return m ? Number(m[1]) : 0; };
for (;;) {
  if (Atomics.load(cells, 2) === 1) break;
  let text;
  try { text = readFileSync(path, 'utf8'); } catch { break; }
  const kb = Math.max(field(text, 'VmRSS'), Atomics.load(cells, 3) === 1 ? field(text, 'VmHWM') : 0);
  Atomics.store(cells, 1, kb);
  if (kb > Atomics.load(cells, 0)) Atomics.store(cells, 0, kb);
  Atomics.wait(cells, 2, 0, workerData.intervalMs);
}
`;

const PEAK = 0;
const CURRENT = 1;
const STOP = 2;
const USE_HWM = 3;

/** Peak resident memory of a process, sampled from a separate thread so synchronous phases cannot hide a peak. */
export interface RssSampler {
  /** Starts a new measurement window: forgets the peak so far (and resets the kernel's high-water mark when watching this process). */
  reset(): void;
  /** The largest RSS seen since the last reset, MB (MiB). */
  peakMb(): number;
  /** The RSS of the last sample, MB. */
  currentMb(): number;
  stop(): Promise<void>;
}

export interface RssSamplerOptions {
  /** Process to watch; default this one. */
  readonly pid?: number;
  /** Sampling period, ms (default 5). */
  readonly intervalMs?: number;
}

/**
 * Starts a sampler thread reading `/proc/<pid>/status`. For this process the kernel's high-water mark (VmHWM) is
 * also read and reset with each window (`/proc/self/clear_refs`), so even a peak between two samples is counted.
 * For another process VmHWM counts too: it covers that process's whole life, which is the window when the process
 * was started for the measurement.
 */
export function startRssSampler(options: RssSamplerOptions = {}): RssSampler {
  const self = options.pid === undefined || options.pid === process.pid;
  const pid = options.pid ?? process.pid;
  const shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(shared);
  const canResetHwm = self && resetHighWaterMark();
  Atomics.store(cells, USE_HWM, !self || canResetHwm ? 1 : 0);
  const worker = new Worker(samplerSource, { eval: true, workerData: { shared, pid, intervalMs: options.intervalMs ?? 5 } });
  worker.unref();
  const ownPeakKb = () => (self && canResetHwm ? statusKb(pid, 'VmHWM') : 0);
  return {
    reset() {
      if (self && canResetHwm) resetHighWaterMark();
      Atomics.store(cells, PEAK, self ? statusKb(pid, 'VmRSS') : 0);
    },
    peakMb: () => Math.max(Atomics.load(cells, PEAK), ownPeakKb()) / 1024,
    currentMb: () => Atomics.load(cells, CURRENT) / 1024,
    async stop() {
      Atomics.store(cells, STOP, 1);
      Atomics.notify(cells, STOP);
      await worker.terminate();
    },
  };
}

/** A field of `/proc/<pid>/status` in kB, 0 when the process is gone. */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** This process's peak RSS so far (VmHWM, every thread), MB. */
export function processPeakRssMb(): number {
  return statusKb(process.pid, 'VmHWM') / 1024 || process.resourceUsage().maxRSS / 1024;
}

function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
