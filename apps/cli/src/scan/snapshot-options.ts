import type { Command } from 'commander';
import { CliError, type CliIo } from '../cli-io.js';
import { createProgress, describeTimings, type Progress } from '../progress/progress-display.js';
import { describeProblems, describeSetAside, loadSnapshot, type LoadedSnapshot } from './snapshot-source.js';

/** The cluster-source flags `scan` and `netpol …` share. */
export interface SnapshotOptions {
  kubeconfig?: string;
  context?: string;
  untrustedKubeconfig?: boolean;
  allowAddress?: string[];
  insecureSkipTlsVerify?: boolean;
  maxFileSize?: string;
  /** Manifest inputs are the whole cluster (`scan --complete`). */
  complete?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** The CLI reads larger files than the service's manifest intake: a `kubectl get -A -o yaml` dump runs to 100 MB. */
const defaultMaxFileMiB = 256;

/** Adds the cluster-source flags (`--kubeconfig`, `--context`, the strict intake and its allowances) to a command. */
export function addSnapshotOptions(command: Command): Command {
  return command
    .option(
      '--kubeconfig <file>',
      'read the cluster of this kubeconfig (default: KUBECONFIG, then ~/.kube/config, as kubectl)',
    )
    .option('--context <name>', 'kubeconfig context (default: current-context)')
    .option(
      '--untrusted-kubeconfig',
      'strict intake for kubeconfigs you did not write: no exec plugins, file references, proxies or private addresses (also MESHGUARD_UNTRUSTED_KUBECONFIG=1)',
    )
    .option(
      '--allow-address <cidr>',
      'with --untrusted-kubeconfig: permit a loopback/private API server address (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--insecure-skip-tls-verify',
      'with --untrusted-kubeconfig: accept a kubeconfig that disables TLS verification',
    )
    .option(
      '--max-file-size <MiB>',
      `largest manifest file or standard input read (default ${defaultMaxFileMiB})`,
    )
    .option('-q, --quiet', 'no progress display on a terminal')
    .option('--verbose', 'print how long each phase took (collect, evaluate, write) on stderr');
}

/** The progress display of one command: drawn on a terminal's stderr unless --quiet, timed always. */
export function progressFor(options: SnapshotOptions, io: CliIo): Progress {
  const stream = io.progressStream;
  return createProgress({
    stream: stream ?? process.stderr,
    // A terminal that reports no width (some pseudo-terminals) cannot be redrawn in place: stay silent there.
    enabled:
      stream !== undefined &&
      stream.isTTY === true &&
      (stream as { columns?: number }).columns! > 0 &&
      options.quiet !== true,
  });
}

/** With --verbose, one line of phase timings on stderr. */
export function reportTimings(progress: Progress, options: SnapshotOptions, io: CliIo): void {
  if (options.verbose && progress.timings.length > 0)
    io.stderr(`meshguard: phases: ${describeTimings(progress.timings)}\n`);
}

/**
 * Loads the snapshot from manifest paths or a cluster, and reports skipped documents and partial collection on
 * stderr (prefixed with `label` when several snapshots are loaded, e.g. `before`).
 */
export async function loadSnapshotFor(
  paths: string[],
  options: SnapshotOptions,
  io: CliIo,
  label?: string,
  progress: Progress = progressFor(options, io),
): Promise<LoadedSnapshot> {
  const env = io.env ?? {};
  const prefix = label ? `${label}: ` : '';
  const loaded = await loadSnapshot({
    paths,
    cwd: io.cwd,
    maxFileBytes: maxFileBytes(options.maxFileSize),
    progress,
    ...(io.readStdin ? { readStdin: io.readStdin } : {}),
    env,
    stdinIsTty: io.stdinIsTty === true,
    notice: (line) => io.stderr(`meshguard: ${prefix}${line}\n`),
    untrustedKubeconfig: options.untrustedKubeconfig === true || isSet(env.MESHGUARD_UNTRUSTED_KUBECONFIG),
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.allowAddress ? { allowAddresses: options.allowAddress } : {}),
    ...(options.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    ...(options.complete ? { complete: true } : {}),
  });
  for (const line of [
    ...(await describeProblems(loaded.problems)),
    ...describeSetAside(loaded),
    ...loaded.warnings,
  ])
    io.stderr(`meshguard: ${prefix}${line}\n`);
  return loaded;
}

function maxFileBytes(value: string | undefined): number {
  if (value === undefined) return defaultMaxFileMiB * 2 ** 20;
  const mib = Number(value);
  if (!Number.isFinite(mib) || mib <= 0 || mib > 65_536)
    throw new CliError(`--max-file-size "${value}" is not a size in MiB between 1 and 65536`);
  return Math.round(mib * 2 ** 20);
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no'].includes(value.toLowerCase());
}
