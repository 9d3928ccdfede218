import type { RssSampler } from './rss-sampler.js';
import type { Sample } from './sample.js';

type Gc = () => void;

/** `gc()` when node runs with --expose-gc; benches started through this library always do. */
export function collectGarbage(): void {
  (globalThis as { gc?: Gc }).gc?.();
}

// Method signatures on purpose: a list of cases with different input and result types is then one type.
export interface TimedRunOptions<I, R> {
  /** Builds the run's input outside the timed region (e.g. the text JSON.parse reads, a freshly parsed snapshot). */
  prepare?(): I | Promise<I>;
  run(input: I): R | Promise<R>;
  /** Numbers to keep from the result; the result itself is dropped before the next run. */
  detail?(result: R): Record<string, number | string>;
  readonly sampler?: RssSampler;
}

/**
 * Times one run: prepares its input, collects garbage, then measures wall time, the process's CPU time (GC helper
 * threads and background compiles included) and the peak RSS while it runs. Only `detail` of the result is kept.
 */
export async function timedRun<I, R>(options: TimedRunOptions<I, R>): Promise<Sample> {
  let input: I | undefined = options.prepare ? await options.prepare() : undefined;
  collectGarbage();
  options.sampler?.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let result: R | undefined = await options.run(input as I);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const peakRssMb = options.sampler?.peakMb();
  const detail = options.detail ? options.detail(result as R) : undefined;
  input = undefined;
  result = undefined;
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    ...(peakRssMb === undefined ? {} : { peakRssMb }),
    ...(detail ? { detail } : {}),
  };
}
