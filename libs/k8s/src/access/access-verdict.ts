/** One permission that goes beyond reading, as RBAC grants it. */
export interface PermissionGrant {
  /** `*` when granted in every namespace checked (a cluster-wide grant), else the namespaces it applies in. */
  namespaces: string[] | '*';
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export type AccessClassification = 'read-only' | 'write-capable' | 'unknown';

/** What the cluster said the credential may do. */
export interface AccessVerdict {
  classification: AccessClassification;
  /** Permissions that create, change, delete, impersonate, escalate, bind, approve or sign (empty when read-only). */
  writePermissions: PermissionGrant[];
  /** Reads that reach beyond what meshguard needs (proxying to nodes/pods, exec streams); informative, not refused. */
  sensitiveReads: PermissionGrant[];
  /** Why the classification is `unknown`, or caveats of a definite one. */
  notes: string[];
  /** The identity the API server authenticated, when it says (SelfSubjectReview). */
  identity?: { username: string; groups: string[] };
  namespacesChecked: number;
}

/** Thrown when a credential that can change the cluster (or could not be classified) is registered without an explicit override. */
export class WriteCapableCredentialError extends Error {
  readonly code = 'credential-not-read-only';

  constructor(readonly verdict: AccessVerdict) {
    const lines =
      verdict.classification === 'write-capable'
        ? verdict.writePermissions.map(
            (p) =>
              `  ${p.verbs.join(',')} on ${p.nonResourceURLs ? `URLs ${p.nonResourceURLs.join(',')}` : `${(p.resources ?? []).join(',')} (groups ${(p.apiGroups ?? []).map((g) => g || 'core').join(',')})`}` +
              `${p.resourceNames ? ` named ${p.resourceNames.join(',')}` : ''} in ${p.namespaces === '*' ? 'all namespaces' : `namespaces ${p.namespaces.join(',')}`}`,
          )
        : verdict.notes.map((n) => `  ${n}`);
    super(
      `the credential is ${verdict.classification === 'write-capable' ? 'write-capable' : 'not provably read-only'}:\n${lines.join('\n')}\n` +
        'Use a credential bound to the meshguard-reader ClusterRole (libs/k8s/deploy/meshguard-reader.yaml, see docs/cluster-access.md).',
    );
    this.name = 'WriteCapableCredentialError';
  }
}

/** Refuses anything but `read-only` unless the caller explicitly accepts the risk. */
export function assertReadOnly(
  verdict: AccessVerdict,
  options: { allowWriteCapable?: boolean; allowUnknown?: boolean } = {},
): void {
  if (verdict.classification === 'write-capable' && !options.allowWriteCapable)
    throw new WriteCapableCredentialError(verdict);
  if (verdict.classification === 'unknown' && !options.allowUnknown)
    throw new WriteCapableCredentialError(verdict);
}
