import type { components } from '@meshguard/api-client';

type Finding = components['schemas']['FindingDto'];
type ExceptionInput = components['schemas']['CreateExceptionDto'];

export const exceptionScopes = ['resource', 'namespace', 'cluster', 'everywhere'] as const;
export type ExceptionScope = (typeof exceptionScopes)[number];

export function describeScope(scope: ExceptionScope, finding: Finding): string {
  switch (scope) {
    case 'resource':
      return `only ${finding.resource.kind} ${finding.resource.namespace ? `${finding.resource.namespace}/` : ''}${finding.resource.name}`;
    case 'namespace':
      return finding.resource.namespace ? `every resource in namespace ${finding.resource.namespace} of this cluster` : 'every cluster-scoped resource of this cluster';
    case 'cluster':
      return 'every resource of this cluster';
    case 'everywhere':
      return 'every resource of every cluster';
  }
}

/** The exception body for a finding at a scope: the narrower the scope, the more of the finding it names. */
export function exceptionBodyOf(
  finding: Finding,
  scope: ExceptionScope,
  details: { justification: string; owner: string; expiresAt: string; mode: 'except' | 'accept' },
): ExceptionInput {
  const body: ExceptionInput = {
    ruleId: finding.ruleId,
    justification: details.justification.trim(),
    owner: details.owner.trim(),
    mode: details.mode,
    expiresAt: details.expiresAt,
  };
  if (scope === 'everywhere') return body;
  body.clusterId = finding.clusterId;
  if (scope === 'cluster') return body;
  if (finding.resource.namespace) body.namespacePattern = finding.resource.namespace;
  if (scope === 'namespace') return body;
  body.kind = finding.resource.kind;
  body.namePattern = finding.resource.name;
  if (finding.container) body.container = finding.container;
  return body;
}

/** Expiry from a date input (yyyy-mm-dd), at the end of that day in UTC. */
export function expiryOf(date: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59.000Z` : null;
}

/** Active exceptions ending within `days` are "about to expire". */
export function expiresSoon(expiresAt: string | null | undefined, now: Date, days = 14): boolean {
  if (!expiresAt) return false;
  const remaining = new Date(expiresAt).getTime() - now.getTime();
  return remaining > 0 && remaining <= days * 86_400_000;
}
