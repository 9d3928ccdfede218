import { redactedCredential, type ClusterCredential } from './cluster-credential.js';
import { readCluster } from './kubeconfig-cluster-entry.js';
import { checkKnownFields, isRecord, type NamedEntry, type Report } from './kubeconfig-entry.js';
import { readUser } from './kubeconfig-user-entry.js';
import { defaultKubeconfigMaxBytes, readKubeconfigDocument } from './kubeconfig-document.js';
import { KubeconfigRejectedError, type KubeconfigProblem } from './kubeconfig-rejected.error.js';

export interface KubeconfigParseOptions {
  /** Context to use; defaults to `current-context` (or the only context when there is exactly one). */
  context?: string;
  /** Accept `insecure-skip-tls-verify: true`; off unless the operator explicitly allows it for this cluster. */
  allowInsecureSkipTlsVerify?: boolean;
  /** Largest accepted input in bytes (default 1 MiB). */
  maxBytes?: number;
}

/** The API server to talk to, taken apart once so nobody re-parses the URL differently later. */
export interface ServerEndpoint {
  /** Normalized `https://host:port/prefix` (no trailing slash). */
  url: string;
  /** Host name or IP literal as written (IPv6 without brackets, lower case); TLS verification uses it. */
  hostname: string;
  port: number;
  /** Path prefix some proxies (e.g. Rancher) put in front of the API, `''` when none. */
  basePath: string;
}

/** A kubeconfig reduced to the one context meshguard will use, with only inline, accepted fields. */
export interface ParsedKubeconfig {
  contextName: string;
  clusterName: string;
  userName: string;
  namespace?: string;
  server: ServerEndpoint;
  tls: { caPem?: string; insecureSkipTlsVerify: boolean; serverName?: string };
  credential: ClusterCredential;
  /** Where the resolved entries sit in the submitted file, for error messages about them later (address checks). */
  fieldPaths: { context: string; cluster: string; user: string };
  availableContexts: string[];
}

const contextFields = new Set(['cluster', 'user', 'namespace', 'extensions']);

/**
 * Parses a kubeconfig submitted by a customer and resolves one context, refusing anything that would make
 * meshguard read local files, run commands, send credentials in clear text, use a proxy or skip TLS checks.
 * Throws KubeconfigRejectedError listing every problem; it never touches the network or the file system.
 */
export function parseKubeconfig(
  input: string | Uint8Array,
  options: KubeconfigParseOptions = {},
): ParsedKubeconfig {
  const read = readKubeconfigDocument(input, options.maxBytes ?? defaultKubeconfigMaxBytes);
  if (read.problem) throw new KubeconfigRejectedError([read.problem]);
  const problems: KubeconfigProblem[] = [];
  const report = (path: string, reason: string, fix: string) => problems.push({ path, reason, fix });

  const root = read.value;
  if (!isRecord(root)) {
    throw new KubeconfigRejectedError([
      {
        path: '(document)',
        reason: 'the kubeconfig is not a mapping of fields',
        fix: 'submit a kubeconfig (apiVersion: v1, kind: Config)',
      },
    ]);
  }
  if (root.kind !== undefined && root.kind !== 'Config') {
    report(
      'kind',
      `is ${JSON.stringify(root.kind)}, not Config`,
      'submit a kubeconfig file, not another Kubernetes object',
    );
  }
  if (root.apiVersion !== undefined && root.apiVersion !== 'v1') {
    report('apiVersion', `is ${JSON.stringify(root.apiVersion)}, not v1`, 'set apiVersion: v1');
  }

  const clusters = namedEntries(root, 'clusters', 'cluster', report);
  const users = namedEntries(root, 'users', 'user', report);
  const contexts = namedEntries(root, 'contexts', 'context', report);
  const availableContexts = contexts.map((c) => c.name);
  if (problems.length > 0) throw new KubeconfigRejectedError(problems);

  const wanted =
    options.context ??
    (typeof root['current-context'] === 'string' && root['current-context'] !== ''
      ? root['current-context']
      : undefined);
  let context: NamedEntry | undefined;
  if (wanted === undefined) {
    if (contexts.length === 1) context = contexts[0];
    else {
      report(
        'current-context',
        contexts.length === 0
          ? 'is not set and the file has no contexts'
          : 'is not set and the file has several contexts',
        contexts.length === 0
          ? 'add a context naming the cluster and user'
          : `name the context to use, one of: ${availableContexts.join(', ')}`,
      );
    }
  } else {
    context = contexts.find((c) => c.name === wanted);
    if (!context) {
      report(
        options.context !== undefined ? 'contexts' : 'current-context',
        `names context ${JSON.stringify(wanted)}, which the file does not define`,
        availableContexts.length > 0
          ? `use one of: ${availableContexts.join(', ')}`
          : 'add that context to the file',
      );
    }
  }
  if (!context) throw new KubeconfigRejectedError(problems);

  checkKnownFields(context, contextFields, report);
  const clusterRef = context.body.cluster;
  const userRef = context.body.user;
  if (typeof clusterRef !== 'string' || clusterRef === '')
    report(`${context.path}.cluster`, 'is missing', 'name the cluster entry this context uses');
  if (typeof userRef !== 'string' || userRef === '')
    report(`${context.path}.user`, 'is missing', 'name the user entry this context uses');
  const cluster = typeof clusterRef === 'string' ? clusters.find((c) => c.name === clusterRef) : undefined;
  const user = typeof userRef === 'string' ? users.find((u) => u.name === userRef) : undefined;
  if (typeof clusterRef === 'string' && clusterRef !== '' && !cluster) {
    report(
      `${context.path}.cluster`,
      `names cluster ${JSON.stringify(clusterRef)}, which the file does not define`,
      'add that cluster or fix the name',
    );
  }
  if (typeof userRef === 'string' && userRef !== '' && !user) {
    report(
      `${context.path}.user`,
      `names user ${JSON.stringify(userRef)}, which the file does not define`,
      'add that user or fix the name',
    );
  }
  const namespace = context.body.namespace;
  if (namespace !== undefined && typeof namespace !== 'string')
    report(`${context.path}.namespace`, 'is not a string', 'set a namespace name or remove it');

  const clusterPart = cluster ? readCluster(cluster, options, report) : undefined;
  const credential = user ? readUser(user, report) : undefined;
  if (problems.length > 0 || !cluster || !user || !clusterPart || !credential)
    throw new KubeconfigRejectedError(problems);

  return {
    contextName: context.name,
    clusterName: cluster.name,
    userName: user.name,
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    server: clusterPart.server,
    tls: clusterPart.tls,
    credential: redactedCredential(credential),
    fieldPaths: { context: context.path, cluster: cluster.path, user: user.path },
    availableContexts,
  };
}

function namedEntries(
  root: Record<string, unknown>,
  listField: string,
  bodyField: string,
  report: Report,
): NamedEntry[] {
  const list = root[listField];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    report(listField, 'is not a list', `write ${listField} as a list of { name, ${bodyField} } entries`);
    return [];
  }
  const entries: NamedEntry[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const at = `${listField}[${index}]`;
    if (!isRecord(item)) return report(at, 'is not a mapping', `write it as { name, ${bodyField} }`);
    const { name, [bodyField]: body } = item;
    if (typeof name !== 'string' || name === '')
      return report(`${at}.name`, 'is missing', 'give every entry a unique name');
    if (seen.has(name))
      return report(
        `${at}.name`,
        `repeats the name ${JSON.stringify(name)}`,
        'give every entry a unique name',
      );
    seen.add(name);
    if (!isRecord(body))
      return report(`${at}.${bodyField}`, 'is missing or not a mapping', `add the ${bodyField} fields`);
    entries.push({ name, path: `${at}.${bodyField}`, body });
  });
  return entries;
}
