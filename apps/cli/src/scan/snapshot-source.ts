import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  KubeconfigRejectedError,
  ManifestSourceError,
  collectSnapshot,
  describeManifestProblem,
  loadManifests,
  prepareClusterAccess,
  type ManifestProblem,
} from '@meshguard/k8s';
import type { ClusterSnapshot } from '@meshguard/rules';
import { CliError } from '../cli-io.js';

export interface SnapshotRequest {
  paths: string[];
  kubeconfig?: string;
  context?: string;
  allowAddresses?: string[];
  insecureSkipTlsVerify?: boolean;
  /** Manifest inputs are the whole cluster. */
  complete?: boolean;
  cwd: string;
}

export interface LoadedSnapshot {
  snapshot: ClusterSnapshot;
  /** Manifest documents that were skipped or kept with a caveat. */
  problems: ManifestProblem[];
  /** Objects of kinds no rule reads, skipped, counted by apiVersion and kind. */
  ignored: { apiVersion: string; kind: string; count: number }[];
  /** Files of YAML that is no Kubernetes object (Helm values, CI workflows), ignored. */
  notObjects: string[];
  warnings: string[];
}

/** Builds the snapshot to scan: from manifest files/folders, or from a cluster through the vetted kubeconfig intake. */
export async function loadSnapshot(request: SnapshotRequest): Promise<LoadedSnapshot> {
  if (request.kubeconfig && request.paths.length > 0)
    throw new CliError('give either manifest paths or --kubeconfig, not both');
  if (request.kubeconfig) return fromCluster(request);
  if (request.paths.length === 0)
    throw new CliError('nothing to scan: give manifest files or folders, or --kubeconfig FILE');
  try {
    const result = await loadManifests(
      request.paths.map((path) => resolve(request.cwd, path)),
      request.complete ? { complete: true } : {},
    );
    return {
      snapshot: result.snapshot,
      problems: result.problems,
      ignored: result.ignored,
      notObjects: result.notObjects,
      warnings: [],
    };
  } catch (error) {
    if (error instanceof ManifestSourceError) throw new CliError(error.message);
    throw error;
  }
}

async function fromCluster(request: SnapshotRequest): Promise<LoadedSnapshot> {
  const path = resolve(request.cwd, request.kubeconfig ?? '');
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch (error) {
    throw new CliError(
      `cannot read kubeconfig ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    const target = await prepareClusterAccess(text, {
      ...(request.context ? { context: request.context } : {}),
      ...(request.allowAddresses?.length ? { allowedAddresses: request.allowAddresses } : {}),
      ...(request.insecureSkipTlsVerify ? { allowInsecureSkipTlsVerify: true } : {}),
    });
    const result = await collectSnapshot(target);
    const warnings =
      result.status === 'partial'
        ? [
            `partial snapshot: ${result.snapshot.coverage.gaps.map((gap) => `${gap.kind} (${gap.reason})`).join(', ')}; rules reading them report "error"`,
          ]
        : [];
    return { snapshot: result.snapshot, problems: [], ignored: [], notObjects: [], warnings };
  } catch (error) {
    if (error instanceof KubeconfigRejectedError) {
      throw new CliError(
        `kubeconfig ${path} rejected:\n${error.problems.map((problem) => `  ${problem.path}: ${problem.reason}. Fix: ${problem.fix}`).join('\n')}`,
      );
    }
    throw new CliError(`cannot scan the cluster: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One line per manifest problem, for stderr. */
export async function describeProblems(problems: ManifestProblem[]): Promise<string[]> {
  return problems.map((problem) => describeManifestProblem(problem));
}

/** One note each for skipped kinds and for files that hold no Kubernetes object, or nothing. */
export function describeSetAside(loaded: Pick<LoadedSnapshot, 'ignored' | 'notObjects'>): string[] {
  const notes: string[] = [];
  if (loaded.ignored.length > 0)
    notes.push(
      `note: skipped objects of kinds no rule reads: ${loaded.ignored.map((entry) => `${entry.count} ${entry.apiVersion} ${entry.kind}`).join(', ')}`,
    );
  if (loaded.notObjects.length > 0) {
    const shown = loaded.notObjects.slice(0, 5).join(', ');
    const more = loaded.notObjects.length > 5 ? ` and ${loaded.notObjects.length - 5} more` : '';
    notes.push(
      `note: ignored ${loaded.notObjects.length} file(s) of YAML that is not a Kubernetes object (Helm values, CI workflows…): ${shown}${more}`,
    );
  }
  return notes;
}

/** Documents meshguard could not evaluate (skipped with an error), as opposed to caveats on kept ones. */
export function unevaluatedProblems(problems: readonly ManifestProblem[]): ManifestProblem[] {
  return problems.filter((problem) => problem.severity === 'error');
}
