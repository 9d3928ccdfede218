import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { describeProblems, describeSetAside, loadSnapshot, type LoadedSnapshot } from './snapshot-source.js';

/** The cluster-source flags `scan` and `netpol …` share. */
export interface SnapshotOptions {
  kubeconfig?: string;
  context?: string;
  allowAddress?: string[];
  insecureSkipTlsVerify?: boolean;
  /** Manifest inputs are the whole cluster (`scan --complete`). */
  complete?: boolean;
}

/** Adds `--kubeconfig`, `--context`, `--allow-address` and `--insecure-skip-tls-verify` to a command. */
export function addSnapshotOptions(command: Command): Command {
  return command
    .option(
      '--kubeconfig <file>',
      'read the cluster of this kubeconfig (exec, auth-provider and file references are refused)',
    )
    .option('--context <name>', 'kubeconfig context (default: current-context)')
    .option(
      '--allow-address <cidr>',
      'operator allowlist: permit a loopback/private API server address (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--insecure-skip-tls-verify', 'accept a kubeconfig that disables TLS verification');
}

/**
 * Loads the snapshot from manifest paths or the kubeconfig of `options`, and reports skipped documents and partial
 * collection on stderr (prefixed with `label` when several snapshots are loaded, e.g. `before`).
 */
export async function loadSnapshotFor(
  paths: string[],
  options: SnapshotOptions,
  io: CliIo,
  label?: string,
): Promise<LoadedSnapshot> {
  const loaded = await loadSnapshot({
    paths,
    cwd: io.cwd,
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context ? { context: options.context } : {}),
    ...(options.allowAddress ? { allowAddresses: options.allowAddress } : {}),
    ...(options.insecureSkipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
    ...(options.complete ? { complete: true } : {}),
  });
  const prefix = label ? `${label}: ` : '';
  for (const line of [
    ...(await describeProblems(loaded.problems)),
    ...describeSetAside(loaded),
    ...loaded.warnings,
  ])
    io.stderr(`meshguard: ${prefix}${line}\n`);
  return loaded;
}
