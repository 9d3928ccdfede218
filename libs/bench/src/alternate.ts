import { benchProcessIndex } from './fresh-processes.js';
import { startRssSampler } from './rss-sampler.js';
import type { Measurements } from './sample.js';
import { collectGarbage, timedRun, type TimedRunOptions } from './timed-run.js';

/** Something to measure: the floor or a subject. */
export interface BenchCase<I = unknown, R = unknown> extends Omit<TimedRunOptions<I, R>, 'sampler'> {
  readonly name: string;
}

export interface AlternateOptions {
  /** Rounds in this process; the first is the cold one (default 4: one cold, three warm). */
  readonly rounds?: number;
  /** Sample RSS from a thread (default true). */
  readonly rss?: boolean;
  /**
   * Which round starts with the subjects instead of the floor. Default: every other round, and every other fresh
   * process starts with the subjects, so cold runs alternate too (neither side always runs first in a process).
   */
  readonly subjectsFirst?: (round: number) => boolean;
}

/**
 * Runs the floor and the subjects in alternating order, `rounds` times, with gc() before each run and the previous
 * run's results dropped. Round 0 is each case's first execution in this process (cold); the others are warm.
 */
export async function alternate(
  floor: BenchCase,
  subjects: readonly BenchCase[],
  options: AlternateOptions = {},
): Promise<Measurements> {
  const rounds = options.rounds ?? 4;
  const sampler = options.rss === false ? undefined : startRssSampler();
  const measurements: Measurements = {};
  for (const item of [floor, ...subjects]) measurements[item.name] = { cold: [], warm: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const subjectsFirst = options.subjectsFirst?.(round) ?? (round + benchProcessIndex()) % 2 === 1;
      const order = subjectsFirst ? [...subjects, floor] : [floor, ...subjects];
      for (const item of order) {
        const sample = await timedRun<unknown, unknown>({ ...item, ...(sampler ? { sampler } : {}) });
        measurements[item.name]![round === 0 ? 'cold' : 'warm'].push(sample);
      }
    }
  } finally {
    await sampler?.stop();
    collectGarbage();
  }
  return measurements;
}
