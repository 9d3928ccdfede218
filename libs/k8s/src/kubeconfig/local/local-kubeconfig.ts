import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { LocalKubeconfigError } from './local-kubeconfig.error.js';

/** Where kubectl would look for kubeconfig files, given the flag and the environment. */
export interface KubeconfigLocation {
  /** `--kubeconfig`: this one file, as kubectl's flag. */
  explicitPath?: string;
  /** `KUBECONFIG` as set in the environment (a path list, merged). */
  kubeconfigEnv?: string;
  /** Home folder for `~/.kube/config`; without one there is no default file. */
  home?: string;
  cwd: string;
}

/** The one context a local scan uses, resolved from the merged kubeconfig files. */
export interface LocalKubeconfig {
  /** A KubeConfig holding exactly the selected context, cluster and user, with file paths made absolute. */
  config: KubeConfig;
  contextName: string;
  cluster: Cluster;
  user: User;
  namespace?: string;
  /** Folder of the file that defined the user: an exec plugin's relative command path resolves against it. */
  userSourceDir: string;
  /** The files read, in merge order. */
  sources: string[];
}

/** The files kubectl reads: the flag's file, else every existing file of KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(location: KubeconfigLocation): string[] {
  if (location.explicitPath) {
    const path = resolve(location.cwd, location.explicitPath);
    if (!existsSync(path)) throw new LocalKubeconfigError(`kubeconfig ${path} does not exist`);
    return [path];
  }
  if (location.kubeconfigEnv) {
    // kubectl skips missing files in KUBECONFIG, but says so when none is left.
    const listed = location.kubeconfigEnv.split(delimiter).filter((entry) => entry !== '');
    const existing = listed.map((entry) => resolve(location.cwd, entry)).filter((path) => existsSync(path));
    if (existing.length === 0)
      throw new LocalKubeconfigError(
        `none of the files in KUBECONFIG exists (${listed.join(delimiter)}); fix KUBECONFIG or pass --kubeconfig FILE`,
      );
    return existing;
  }
  const fallback = location.home ? join(location.home, '.kube', 'config') : undefined;
  if (!fallback || !existsSync(fallback))
    throw new LocalKubeconfigError(
      `no kubeconfig found: KUBECONFIG is not set and ${fallback ?? '~/.kube/config'} does not exist; pass --kubeconfig FILE`,
    );
  return [fallback];
}

/**
 * Loads kubeconfig files the way kubectl merges them (the first file to define a name or current-context wins),
 * resolves relative file references against the file that names them, and selects one context.
 */
export function loadLocalKubeconfig(files: string[], contextName?: string): LocalKubeconfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, { user: User; dir: string }>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const file of files) {
    const one = readOneFile(file);
    for (const cluster of one.clusters) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of one.users)
      if (!users.has(user.name)) users.set(user.name, { user, dir: dirname(file) });
    for (const context of one.contexts) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (!currentContext && one.currentContext) currentContext = one.currentContext;
  }

  const wanted = contextName ?? currentContext ?? (contexts.size === 1 ? [...contexts.keys()][0] : undefined);
  const available = [...contexts.keys()];
  if (!wanted)
    throw new LocalKubeconfigError(
      `no current-context is set in ${files.join(', ')}; pick one with --context (available: ${available.join(', ') || 'none'})`,
    );
  const context = contexts.get(wanted);
  if (!context)
    throw new LocalKubeconfigError(
      `context "${wanted}" is not in ${files.join(', ')}; available: ${available.join(', ') || 'none'}`,
    );
  const cluster = clusters.get(context.cluster);
  if (!cluster)
    throw new LocalKubeconfigError(
      `context "${wanted}" names cluster "${context.cluster}", which is not defined`,
    );
  const defined = users.get(context.user);
  if (!defined)
    throw new LocalKubeconfigError(`context "${wanted}" names user "${context.user}", which is not defined`);

  const { user, dir: userSourceDir } = defined;
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [cluster], users: [user], contexts: [context], currentContext: wanted });
  return {
    config,
    contextName: wanted,
    cluster,
    user,
    ...(context.namespace ? { namespace: context.namespace } : {}),
    userSourceDir,
    sources: files,
  };
}

function readOneFile(file: string): KubeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LocalKubeconfigError(
      `cannot read kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const config = new KubeConfig();
  try {
    config.loadFromString(withAbsoluteTokenFiles(text, dirname(file)));
  } catch (error) {
    throw new LocalKubeconfigError(`kubeconfig ${file} is not valid: ${(error as Error).message}`);
  }
  // CA, certificate and key paths are relative to the file that names them, as kubectl reads them.
  config.makePathsAbsolute(dirname(file));
  return config;
}

/**
 * client-node reads `token-file` while loading, relative to the process's folder; kubectl resolves it against the
 * kubeconfig's folder. Rewrite relative token-file paths before client-node sees them.
 */
function withAbsoluteTokenFiles(text: string, folder: string): string {
  if (!text.includes('token-file')) return text;
  const document = parse(text) as { users?: { user?: Record<string, unknown> }[] } | null;
  let changed = false;
  for (const entry of document?.users ?? []) {
    const tokenFile = entry?.user?.['token-file'];
    if (typeof tokenFile === 'string' && !isAbsolute(tokenFile)) {
      entry.user!['token-file'] = join(folder, tokenFile);
      changed = true;
    }
  }
  return changed ? JSON.stringify(document) : text;
}
