import type { CoverageGap } from '@meshguard/rules';
import type { ClusterClient } from '../client/cluster-client.js';
import { KubeApiError } from '../client/kube-api.error.js';
import { runWithConcurrency } from '../client/run-with-concurrency.js';
import type { ServedKind } from './api-discovery.js';

/** The outcome of asking, per kind, whether the credential may list it cluster-wide. */
export interface PreflightResult {
  readable: ServedKind[];
  forbidden: CoverageGap[];
  /** Kinds whose review could not be answered; the collector tries to list them anyway. */
  undecided: ServedKind[];
}

/** What one SelfSubjectAccessReview said; `undecided` when the review itself failed. */
export type ListAccessAnswer = 'allowed' | 'denied' | 'undecided';

/** One SelfSubjectAccessReview per kind (`list`, all namespaces), so unreadable kinds are known before listing. */
export async function preflightListAccess(
  client: ClusterClient,
  kinds: readonly ServedKind[],
): Promise<PreflightResult> {
  const result: PreflightResult = { readable: [], forbidden: [], undecided: [] };
  const answers = await runWithConcurrency(kinds, 8, (kind) => reviewListAccess(client, kind));
  kinds.forEach((kind, index) => {
    const answer = answers[index];
    if (answer === 'allowed') result.readable.push(kind);
    else if (answer === 'denied') result.forbidden.push(forbiddenListGap(kind));
    else result.undecided.push(kind);
  });
  return result;
}

/** Where a list access review looks: a resource of a group version. */
export type ReviewedResource = Pick<ServedKind, 'group' | 'version' | 'resource'>;

/** Asks whether the credential may list `kind` in all namespaces, without listing it. */
export async function reviewListAccess(client: ClusterClient, kind: ReviewedResource): Promise<ListAccessAnswer> {
  try {
    const review = await client.postJson<{
      status?: { allowed?: boolean; denied?: boolean; reason?: string };
    }>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          verb: 'list',
          group: kind.group,
          version: kind.version,
          resource: kind.resource,
        },
      },
    });
    return review.status?.allowed === true ? 'allowed' : 'denied';
  } catch (error) {
    if (error instanceof KubeApiError) return 'undecided';
    throw error;
  }
}

/** The coverage gap of a kind whose access review was denied. */
export function forbiddenListGap(kind: ServedKind): CoverageGap {
  return {
    kind: kind.kind,
    reason: 'forbidden',
    detail: `the credential may not list ${kind.resource}${kind.group ? `.${kind.group}` : ''} in all namespaces (SelfSubjectAccessReview denied); grant get/list on it (see meshguard-reader.yaml)`,
  };
}
