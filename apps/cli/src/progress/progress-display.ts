import ora, { type Ora } from 'ora';

/** One phase of a command (collect, evaluate, write) and how long it took. */
export interface PhaseTiming {
  phase: string;
  ms: number;
}

/**
 * What a command tells the person at the terminal while it works: one live line per phase, replaced by a ✔ summary
 * when the phase ends, like kubectl's and helm's waits. Timings are kept for `--verbose` either way.
 */
export interface Progress {
  /** Starts a phase; `text` is its first line (e.g. "Collecting from https://…"). */
  start(phase: string, text: string): void;
  /** Replaces the live line of the current phase. */
  update(text: string): void;
  /** Ends the current phase with a summary line. */
  succeed(summary: string): void;
  /** Ends the current phase without a summary (it failed; the error is printed elsewhere). */
  stop(): void;
  readonly timings: readonly PhaseTiming[];
}

export interface ProgressOptions {
  /** Where the display goes: stderr, so stdout stays the report. */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** Draw at all: a terminal, and not --quiet. */
  enabled: boolean;
}

/** A Progress drawn with ora when enabled, and silent (timings only) when not. */
export function createProgress(options: ProgressOptions): Progress {
  const timings: PhaseTiming[] = [];
  let current: { phase: string; started: number } | undefined;
  let spinner: Ora | undefined;
  let lastDrawn = 0;
  const end = () => {
    if (current) timings.push({ phase: current.phase, ms: Math.round(performance.now() - current.started) });
    current = undefined;
  };
  return {
    timings,
    start(phase, text) {
      end();
      current = { phase, started: performance.now() };
      if (!options.enabled) return;
      spinner?.stop();
      spinner = ora({ text, stream: options.stream, isEnabled: true, discardStdin: false }).start();
    },
    update(text) {
      if (!spinner) return;
      spinner.text = text;
      // Draw now, not at the spinner's next frame, so short phases show too; at most ten redraws a second.
      const now = performance.now();
      if (now - lastDrawn >= 100) {
        lastDrawn = now;
        spinner.render();
      }
    },
    succeed(summary) {
      const phase = current;
      end();
      if (!spinner || !phase) return;
      spinner.succeed(`${summary} ${dim(`(${formatMs(timings.at(-1)?.ms ?? 0)})`)}`);
      spinner = undefined;
    },
    stop() {
      end();
      spinner?.stop();
      spinner = undefined;
    },
  };
}

/** "collect 1.2 s, evaluate 0.8 s, write 12 ms" for --verbose. */
export function describeTimings(timings: readonly PhaseTiming[]): string {
  return timings.map((timing) => `${timing.phase} ${formatMs(timing.ms)}`).join(', ');
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function dim(text: string): string {
  return `\u001b[2m${text}\u001b[22m`;
}
