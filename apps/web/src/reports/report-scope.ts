import type { components } from '@meshguard/api-client';

type ReportScope = components['schemas']['ReportScopeDto'];
type ReportScopeView = components['schemas']['ReportScopeViewDto'];

export const reportFormats = ['pdf', 'html', 'json', 'csv', 'sarif', 'oscal'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** What the scope fields of a form hold: one cluster, a label selector, or the whole fleet. */
export interface ScopeDraft {
  kind: 'cluster' | 'selector' | 'fleet';
  clusterId: string;
  selector: string;
}

export const fleetScope: ScopeDraft = { kind: 'fleet', clusterId: '', selector: '' };

/** The API's scope (exactly one of clusterId, selector, fleet), or the reason the draft is not one yet. */
export function scopeOf(draft: ScopeDraft): { scope: ReportScope } | { problem: string } {
  if (draft.kind === 'fleet') return { scope: { fleet: true } };
  if (draft.kind === 'cluster') return draft.clusterId ? { scope: { clusterId: draft.clusterId } } : { problem: 'Choose a cluster.' };
  const selector = draft.selector
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean)
    .join(',');
  return selector ? { scope: { selector } } : { problem: 'Give a label selector, e.g. env=prod.' };
}

/** A scope in words, naming the cluster when its name is known. */
export function describeScope(scope: ReportScopeView, clusterNames: ReadonlyMap<string, string>): string {
  if (scope.kind === 'fleet') return 'whole fleet';
  if (scope.kind === 'selector') return `clusters with ${scope.selector ?? '?'}`;
  return scope.clusterId ? (clusterNames.get(scope.clusterId) ?? scope.clusterId) : 'one cluster';
}

/** The short form of a `sha256:<hex>` digest or key id, for tables (the full value is in the title and on copy). */
export function shortDigest(value: string | null | undefined): string {
  if (!value) return '—';
  const [algorithm, hex] = value.includes(':') ? value.split(':', 2) : ['', value];
  return `${algorithm ? `${algorithm}:` : ''}${(hex ?? '').slice(0, 12)}…`;
}

/** Frameworks to offer: those the fleet's scans scored, always including the default, in name order. */
export function frameworkChoices(scoredFrameworks: readonly string[]): string[] {
  return [...new Set(['cis-k8s-v1.10', ...scoredFrameworks])].sort();
}
