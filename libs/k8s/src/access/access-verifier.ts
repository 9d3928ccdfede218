import { ClusterClient, type ClusterClientOptions } from '../client/cluster-client.js';
import { KubeApiError } from '../client/kube-api.error.js';
import { runWithConcurrency } from '../client/run-with-concurrency.js';
import type { ClusterTarget } from '../network/server-address-pinning.js';
import type { AccessVerdict, PermissionGrant } from './access-verdict.js';

export interface VerifyAccessOptions extends ClusterClientOptions {
  /** Namespaces whose RoleBindings are reviewed at most (default 5000); beyond that the verdict cannot be read-only. */
  maxNamespaces?: number;
  /** Parallel rules reviews (default 8). */
  concurrency?: number;
}

interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

interface RulesReviewStatus {
  resourceRules?: PolicyRule[];
  nonResourceRules?: PolicyRule[];
  incomplete?: boolean;
  evaluationError?: string;
}

const writeVerbs = new Set([
  '*',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'impersonate',
  'escalate',
  'bind',
  'approve',
  'sign',
]);
const nonResourceWriteVerbs = new Set(['*', 'post', 'put', 'patch', 'delete']);
/** Reads that open a channel into workloads or nodes rather than return stored objects. */
const sensitiveSubresources = [
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'pods/proxy',
  'services/proxy',
  'nodes/proxy',
];
/** Every user may ask these (system:basic-user); they reveal only the caller's own permissions. */
const selfReviewResources = new Set([
  'selfsubjectaccessreviews',
  'selfsubjectrulesreviews',
  'selfsubjectreviews',
]);
const clusterScopeProbe = 'meshguard-cluster-scope-probe-0';
const probeVerbs = [
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'impersonate',
  'escalate',
  'bind',
];

/**
 * Asks the cluster what the credential may do (SelfSubjectRulesReview in every namespace, SelfSubjectAccessReview
 * probes when rules cannot be enumerated) and classifies it as read-only, write-capable or unknown. Sends no writes.
 */
export async function verifyAccess(
  target: ClusterTarget,
  options: VerifyAccessOptions = {},
): Promise<AccessVerdict> {
  const client = await ClusterClient.open(target, options);
  try {
    // Core discovery needs an authenticated caller: a cluster that cannot be reached (network, TLS, timeout) or that
    // refuses the credential (401) throws its KubeApiError here, before the review below turns failures into `unknown`.
    await client.getJson('/api').catch((error: unknown) => {
      if (error instanceof KubeApiError && (error.status === 0 || error.status === 401)) throw error;
    });
    return await verifyWithClient(client, options);
  } finally {
    client.close();
  }
}

async function verifyWithClient(client: ClusterClient, options: VerifyAccessOptions): Promise<AccessVerdict> {
  const notes: string[] = [];
  const identity = await whoAmI(client);
  const maxNamespaces = options.maxNamespaces ?? 5000;

  let namespaces: string[];
  let namespacesComplete = true;
  try {
    namespaces = await listNamespaceNames(client, maxNamespaces + 1);
    if (namespaces.length > maxNamespaces) {
      namespaces = namespaces.slice(0, maxNamespaces);
      namespacesComplete = false;
      notes.push(`only the first ${maxNamespaces} namespaces were reviewed`);
    }
  } catch (error) {
    if (!(error instanceof KubeApiError)) throw error;
    namespaces = ['default'];
    namespacesComplete = false;
    notes.push(
      `cannot list namespaces (${error.message}); only cluster-wide permissions and namespace default were reviewed`,
    );
  }

  const grants = new Map<string, { rule: PolicyRule; namespaces: Set<string>; nonResource: boolean }>();
  let incomplete = false;
  // No RoleBinding can exist in a namespace that does not exist, so its review holds exactly the cluster-wide grants.
  await runWithConcurrency(
    [clusterScopeProbe, ...namespaces],
    options.concurrency ?? 8,
    async (namespace) => {
      let status: RulesReviewStatus;
      try {
        const review = await client.postJson<{ status?: RulesReviewStatus }>(
          '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
          {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectRulesReview',
            spec: { namespace },
          },
        );
        status = review.status ?? { incomplete: true, evaluationError: 'review returned no status' };
      } catch (error) {
        if (!(error instanceof KubeApiError)) throw error;
        status = { incomplete: true, evaluationError: error.message };
      }
      if (status.incomplete || status.evaluationError) {
        if (!incomplete)
          notes.push(
            `rules review in namespace ${namespace} is incomplete${status.evaluationError ? `: ${status.evaluationError}` : ''}`,
          );
        incomplete = true;
      }
      for (const [rules, nonResource] of [
        [status.resourceRules ?? [], false],
        [status.nonResourceRules ?? [], true],
      ] as const) {
        for (const rule of rules) {
          const key = ruleKey(rule, nonResource);
          const entry = grants.get(key) ?? { rule, namespaces: new Set<string>(), nonResource };
          entry.namespaces.add(namespace);
          grants.set(key, entry);
        }
      }
    },
  );

  const writePermissions: PermissionGrant[] = [];
  const sensitiveReads: PermissionGrant[] = [];
  let secretsReadable = false;
  for (const { rule, namespaces: where, nonResource } of grants.values()) {
    const scope: PermissionGrant['namespaces'] = where.has(clusterScopeProbe) ? '*' : [...where].sort();
    const write = nonResource
      ? rule.verbs.filter((v) => nonResourceWriteVerbs.has(v.toLowerCase()))
      : isSelfReview(rule)
        ? []
        : rule.verbs.filter((v) => writeVerbs.has(v));
    if (write.length > 0) writePermissions.push(grantOf(rule, scope, write));
    if (nonResource) continue;
    const reads = rule.verbs.filter((v) => v === '*' || v === 'get' || v === 'list' || v === 'watch');
    if (reads.length === 0 || !(rule.apiGroups ?? []).some((g) => g === '' || g === '*')) continue;
    const resources = rule.resources ?? [];
    const reached = resources.includes('*')
      ? ['*']
      : resources.filter((r) => sensitiveSubresources.includes(r) || r.endsWith('/*'));
    if (reached.length > 0) sensitiveReads.push(grantOf({ ...rule, resources: reached }, scope, reads));
    if (resources.includes('*') || resources.includes('secrets')) secretsReadable = true;
  }

  if (incomplete && writePermissions.length === 0) {
    for (const probe of await probeClusterWideWrites(client)) writePermissions.push(probe);
  }
  if (secretsReadable)
    notes.push(
      'can read Secret values; meshguard replaces them with keyed digests at intake and never stores them',
    );

  const classification =
    writePermissions.length > 0
      ? 'write-capable'
      : incomplete || !namespacesComplete
        ? 'unknown'
        : 'read-only';
  return {
    classification,
    writePermissions: writePermissions.sort(byScopeThenVerbs),
    sensitiveReads,
    notes,
    ...(identity ? { identity } : {}),
    namespacesChecked: namespaces.length,
  };
}

async function probeClusterWideWrites(client: ClusterClient): Promise<PermissionGrant[]> {
  const allowed = await runWithConcurrency(probeVerbs, 4, async (verb) => {
    try {
      const review = await client.postJson<{ status?: { allowed?: boolean } }>(
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb, group: '*', resource: '*' } },
        },
      );
      return review.status?.allowed === true ? verb : undefined;
    } catch (error) {
      if (error instanceof KubeApiError) return undefined;
      throw error;
    }
  });
  const verbs = allowed.filter((v): v is string => v !== undefined);
  return verbs.length > 0 ? [{ namespaces: '*', verbs, apiGroups: ['*'], resources: ['*'] }] : [];
}

async function whoAmI(client: ClusterClient): Promise<AccessVerdict['identity']> {
  try {
    const review = await client.postJson<{
      status?: { userInfo?: { username?: string; groups?: string[] } };
    }>('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
    });
    const user = review.status?.userInfo;
    return user?.username ? { username: user.username, groups: user.groups ?? [] } : undefined;
  } catch (error) {
    if (error instanceof KubeApiError) return undefined;
    throw error;
  }
}

async function listNamespaceNames(client: ClusterClient, atMost: number): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.getJson<{
      items?: { metadata?: { name?: string } }[];
      metadata?: { continue?: string };
    }>('/api/v1/namespaces', {
      limit: 500,
      continue: token,
    });
    for (const item of page.items ?? []) if (item.metadata?.name) names.push(item.metadata.name);
    token = page.metadata?.continue || undefined;
  } while (token && names.length < atMost);
  return names;
}

function isSelfReview(rule: PolicyRule): boolean {
  const resources = rule.resources ?? [];
  return (
    resources.length > 0 &&
    resources.every((r) => selfReviewResources.has(r)) &&
    (rule.apiGroups ?? []).every((g) => g === 'authorization.k8s.io' || g === 'authentication.k8s.io') &&
    rule.verbs.every((v) => v === 'create')
  );
}

function grantOf(
  rule: PolicyRule,
  namespaces: PermissionGrant['namespaces'],
  verbs: string[],
): PermissionGrant {
  return {
    namespaces,
    verbs,
    ...(rule.apiGroups ? { apiGroups: rule.apiGroups } : {}),
    ...(rule.resources ? { resources: rule.resources } : {}),
    ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
    ...(rule.nonResourceURLs ? { nonResourceURLs: rule.nonResourceURLs } : {}),
  };
}

function ruleKey(rule: PolicyRule, nonResource: boolean): string {
  const sorted = (list: string[] | undefined) => (list ? [...list].sort() : []);
  return JSON.stringify([
    nonResource,
    sorted(rule.verbs),
    sorted(rule.apiGroups),
    sorted(rule.resources),
    sorted(rule.resourceNames),
    sorted(rule.nonResourceURLs),
  ]);
}

function byScopeThenVerbs(a: PermissionGrant, b: PermissionGrant): number {
  const scope = (g: PermissionGrant) => (g.namespaces === '*' ? '' : g.namespaces.join(','));
  return scope(a).localeCompare(scope(b)) || a.verbs.join(',').localeCompare(b.verbs.join(','));
}
