import { spawn, type SpawnOptions } from 'node:child_process';
import { startRssSampler } from './rss-sampler.js';
import type { Sample } from './sample.js';

export interface ProcessRunOptions {
  /** Keep stdout (default: discarded, e.g. kubectl's printing goes to /dev/null). */
  readonly captureStdout?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdio?: SpawnOptions['stdio'];
}

export interface ProcessRun extends Sample {
  readonly stdout: string;
}

/**
 * Runs a command to completion and measures it from outside: wall time from spawn to exit and its peak RSS, sampled
 * from a thread (VmHWM included, so the process's whole life counts, up to the last sample before it exits).
 */
export function timedProcess(command: string, args: readonly string[], options: ProcessRunOptions = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      stdio: options.stdio ?? ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    });
    const sampler = child.pid === undefined ? undefined : startRssSampler({ pid: child.pid, intervalMs: 5 });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => {
      void sampler?.stop();
      reject(error);
    });
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const peakRssMb = sampler?.peakMb();
      void sampler?.stop();
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
      else resolve({ ms, stdout, ...(peakRssMb ? { peakRssMb } : {}) });
    });
  });
}
