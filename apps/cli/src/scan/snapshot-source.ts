import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  KubeconfigRejectedError,
  LocalKubeconfigError,
  ManifestSourceError,
  collectSnapshot,
  describeManifestProblem,
  kubeconfigFiles,
  loadLocalKubeconfig,
  loadManifests,
  prepareClusterAccess,
  prepareTrustedClusterAccess,
  verifyAccess,
  type AccessVerdict,
  type KubeconfigProblem,
  type ManifestOrigin,
  type ManifestProblem,
  type ManifestStream,
  type RenewableToken,
} from '@meshguard/k8s';
import type { ClusterSnapshot } from '@meshguard/rules';
import { CliError } from '../cli-io.js';
import { CollectProgressLine } from '../progress/collect-progress.js';
import type { Progress } from '../progress/progress-display.js';

export interface SnapshotRequest {
  paths: string[];
  kubeconfig?: string;
  context?: string;
  /** Use the service's strict intake: no exec plugins, files, proxies or private addresses unless allowed. */
  untrustedKubeconfig?: boolean;
  allowAddresses?: string[];
  insecureSkipTlsVerify?: boolean;
  /** Manifest inputs are the whole cluster. */
  complete?: boolean;
  cwd: string;
  /** Largest manifest file (and standard input) read, in bytes. */
  maxFileBytes: number;
  /** Standard input's bytes as they arrive. */
  readStdin?: () => AsyncIterable<Uint8Array>;
  env: NodeJS.ProcessEnv;
  stdinIsTty: boolean;
  /** Exec plugin stderr and other progress lines meant for the person at the terminal. */
  notice: (line: string) => void;
  progress: Progress;
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
  /** For manifests: where each object was written (see manifestOriginKey). */
  origins?: Map<string, ManifestOrigin>;
}

/**
 * Builds the snapshot to scan: from manifest files/folders, or from a cluster. A cluster is read through the user's
 * own kubeconfig as kubectl reads it, or, with `untrustedKubeconfig`, through the service's vetted intake.
 */
export async function loadSnapshot(request: SnapshotRequest): Promise<LoadedSnapshot> {
  const wantsCluster = request.kubeconfig !== undefined || request.context !== undefined;
  if (wantsCluster && request.paths.length > 0)
    throw new CliError('give either manifest paths or a cluster (--kubeconfig/--context), not both');
  if (request.paths.length > 0) return fromManifests(request);
  if (request.untrustedKubeconfig) {
    if (!request.kubeconfig)
      throw new CliError(
        'nothing to scan: give manifest files or folders, or --kubeconfig FILE (the strict intake of --untrusted-kubeconfig reads only the file you name)',
      );
    return fromCluster(request, await untrustedTarget(request));
  }
  return fromCluster(request, await trustedTarget(request, wantsCluster));
}

async function fromManifests(request: SnapshotRequest): Promise<LoadedSnapshot> {
  const files = request.paths.filter((path) => path !== '-');
  const stdin = files.length < request.paths.length ? [standardInput(request)] : [];
  request.progress.start('read', `Reading manifests from ${request.paths.join(', ')}`);
  try {
    const result = await loadManifests(
      files.map((path) => resolve(request.cwd, path)),
      {
        maxFileBytes: request.maxFileBytes,
        extraStreams: stdin,
        onDocuments: (count) =>
          request.progress.update(`Reading manifests: ${count.toLocaleString('en-US')} documents`),
        ...(request.complete ? { complete: true } : {}),
      },
    );
    request.progress.succeed(
      `Read ${result.origins.size.toLocaleString('en-US')} objects from ${result.files.length + stdin.length} file(s)`,
    );
    return {
      snapshot: result.snapshot,
      problems: result.problems,
      ignored: result.ignored,
      notObjects: result.notObjects,
      warnings: [],
      origins: result.origins,
    };
  } catch (error) {
    request.progress.stop();
    if (error instanceof ManifestSourceError) throw new CliError(error.message);
    throw error;
  }
}

/** `-` among the paths: the manifests piped in, e.g. from `helm template` or `kustomize build`, read as they come. */
function standardInput(request: SnapshotRequest): ManifestStream {
  if (request.paths.filter((path) => path === '-').length > 1)
    throw new CliError('give "-" (standard input) once');
  const read = request.readStdin;
  if (!read) throw new CliError('standard input is not available here');
  return { name: '<stdin>', bytes: limited(read(), request.maxFileBytes) };
}

/** Passes standard input through, refusing it when empty or when it grows past the --max-file-size limit. */
async function* limited(bytes: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    if (total > maxBytes)
      throw new CliError(
        `standard input is larger than the ${maxBytes}-byte limit; raise it with --max-file-size`,
      );
    yield chunk;
  }
  if (total === 0)
    throw new CliError('standard input is empty; pipe manifests in, e.g. helm template . | meshguard scan -');
}

type ClusterTarget = Awaited<ReturnType<typeof prepareClusterAccess>>;

/** Where to scan, and for exec plugin tokens, how to renew one that expires mid-scan. */
interface Target {
  target: ClusterTarget;
  renewableToken?: RenewableToken;
}

async function trustedTarget(request: SnapshotRequest, asked: boolean): Promise<Target> {
  try {
    const files = kubeconfigFiles({
      ...(request.kubeconfig ? { explicitPath: request.kubeconfig } : {}),
      ...(request.env.KUBECONFIG ? { kubeconfigEnv: request.env.KUBECONFIG } : {}),
      ...(request.env.HOME ? { home: request.env.HOME } : {}),
      cwd: request.cwd,
    });
    const local = loadLocalKubeconfig(files, request.context);
    const access = await prepareTrustedClusterAccess(local, {
      stdinIsTty: request.stdinIsTty,
      onPluginStderr: (text) => request.notice(text.trimEnd()),
      env: request.env,
    });
    for (const warning of access.warnings) request.notice(`warning: ${warning}`);
    return {
      target: access.target,
      ...(access.renewableToken ? { renewableToken: access.renewableToken } : {}),
    };
  } catch (error) {
    if (error instanceof LocalKubeconfigError)
      throw new CliError(
        asked
          ? error.message
          : `nothing to scan: give manifest files or folders ('-' for stdin), or a cluster: ${error.message}`,
      );
    if (error instanceof KubeconfigRejectedError)
      throw new CliError(rejectionMessage('kubeconfig', error.problems));
    throw error;
  }
}

async function untrustedTarget(request: SnapshotRequest): Promise<Target> {
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
    return { target };
  } catch (error) {
    if (error instanceof KubeconfigRejectedError)
      throw new CliError(rejectionMessage(`kubeconfig ${path}`, error.problems, allowedByFlag));
    throw error;
  }
}

async function fromCluster(
  request: SnapshotRequest,
  { target, renewableToken }: Target,
): Promise<LoadedSnapshot> {
  const { progress } = request;
  const url = target.kubeconfig.server.url;
  const clientOptions = renewableToken ? { renewableToken } : {};
  try {
    progress.start('verify', `Checking what the credentials may do on ${url}`);
    const verdict = await verifyAccess(target, clientOptions);
    progress.succeed(`Credentials checked on ${url}`);
    noteWriteAccess(verdict, request.notice);
    progress.start('collect', `Collecting from ${url}`);
    const line = new CollectProgressLine();
    const result = await collectSnapshot(target, {
      ...clientOptions,
      onProgress: (kind) => progress.update(line.record(kind)),
    });
    progress.succeed(
      `Collected ${result.stats.objects.toLocaleString('en-US')} objects of ${result.kinds.length} kinds in ${result.stats.pages} pages from ${url}`,
    );
    const warnings =
      result.status === 'partial'
        ? [
            `partial snapshot: ${result.snapshot.coverage.gaps.map((gap) => `${gap.kind} (${gap.reason})`).join(', ')}; rules reading them report "error"`,
          ]
        : [];
    return { snapshot: result.snapshot, problems: [], ignored: [], notObjects: [], warnings };
  } catch (error) {
    progress.stop();
    throw new CliError(`cannot scan the cluster: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One line when the credentials could change the cluster: meshguard still only reads, but the user should know. */
function noteWriteAccess(verdict: AccessVerdict, notice: (line: string) => void): void {
  if (verdict.classification === 'read-only') return;
  if (verdict.classification === 'write-capable') {
    const first = verdict.writePermissions[0];
    const example = first
      ? `, e.g. ${first.verbs.join('/')} ${(first.resources ?? first.nonResourceURLs ?? []).join(',')}`
      : '';
    notice(
      `note: these credentials can change the cluster (${verdict.writePermissions.length} write permission(s)${example}); meshguard only reads. A read-only credential: docs/cluster-access.md`,
    );
  } else
    notice(
      `note: could not confirm these credentials are read-only (${verdict.notes[0] ?? 'no reason given'}); meshguard only reads`,
    );
}

/** In the strict intake, the flag or setting that would allow what a problem refuses. */
function allowedByFlag(problem: KubeconfigProblem): string {
  if (problem.path.endsWith('insecure-skip-tls-verify')) return 'allow it with --insecure-skip-tls-verify';
  if (problem.path.endsWith('.server') && problem.reason.includes('does not connect there'))
    return 'allow the address with --allow-address <ip or CIDR>';
  return 'refused by --untrusted-kubeconfig (or MESHGUARD_UNTRUSTED_KUBECONFIG=1); without it meshguard uses the kubeconfig as kubectl does';
}

function rejectionMessage(
  what: string,
  problems: readonly KubeconfigProblem[],
  allowedBy?: (problem: KubeconfigProblem) => string,
): string {
  const lines = problems.map(
    (problem) =>
      `  ${problem.path}: ${problem.reason}. Fix: ${problem.fix}${allowedBy ? ` (${allowedBy(problem)})` : ''}`,
  );
  return `${what} rejected:\n${lines.join('\n')}`;
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
