import { randomUUID } from 'node:crypto';
import { severities, type Severity } from '@meshguard/rules/vocabulary';
import type { WebhookEventEnvelope } from './webhook-event.js';

export const scanFindingsEventType = 'scan.new_findings' as const;
export const scanFindingsEventVersion = 1 as const;

/** Severities that make a completed scan worth a webhook. */
export const notifyingSeverities: readonly Severity[] = ['critical', 'high'];

/** At most this many findings are listed in one event; the links lead to the rest. */
export const maxListedFindings = 50;

/** The object a finding is about, as published in webhook events. */
export interface WebhookResource {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface ScanEventFinding {
  ruleId: string;
  severity: Severity;
  resource: WebhookResource;
  /** Stable finding fingerprint: the same across scans while the finding stays open. */
  fingerprint?: string;
}

export interface ScanEventLinks {
  /** The scan in the meshguard API. */
  scan: string;
  /** The scan's new findings in the meshguard API. */
  findings: string;
  cluster?: string;
}

export interface ScanFindingsEventData {
  cluster: { id: string; name: string };
  scan: { id: string; completedAt: string; previousScanId?: string };
  /** Findings that are new since the previous successful scan of the cluster, counted by severity (every severity present, zeros included). */
  newFindings: Record<Severity, number>;
  /** The worst new findings (critical first), at most `topN` of them; `truncated` says whether more exist. */
  topFindings: ScanEventFinding[];
  truncated: boolean;
  links: ScanEventLinks;
}

/** "A scan completed with new critical or high findings", version 1. */
export type ScanFindingsEvent = WebhookEventEnvelope<
  typeof scanFindingsEventType,
  typeof scanFindingsEventVersion,
  ScanFindingsEventData
>;

export interface ScanFindingsEventInput {
  tenantId: string;
  cluster: { id: string; name: string };
  scan: { id: string; completedAt: Date | string; previousScanId?: string };
  /** Every finding new since the previous scan, any severity; counted in full, the worst are listed. */
  newFindings: readonly ScanEventFinding[];
  links: ScanEventLinks;
  /** How many findings to list (default 10, at most 50). */
  topN?: number;
  /** Defaults to a random UUID. Pass a deterministic id to make the event idempotent across job retries. */
  id?: string;
  /** Defaults to now. */
  createdAt?: Date;
}

/**
 * Builds the event for a completed scan, or returns undefined when the scan brought no new finding of a notifying
 * severity (critical or high) — in that case no webhook is sent.
 */
export function buildScanFindingsEvent(input: ScanFindingsEventInput): ScanFindingsEvent | undefined {
  const counts = countBySeverity(input.newFindings);
  if (!notifyingSeverities.some((severity) => counts[severity] > 0)) return undefined;
  const topN = input.topN ?? 10;
  if (!Number.isInteger(topN) || topN < 1 || topN > maxListedFindings)
    throw new RangeError(`topN must be an integer from 1 to ${maxListedFindings}, got ${topN}`);

  const rank = (severity: Severity) => severities.indexOf(severity);
  const ordered = [...input.newFindings].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      resourceKey(a.resource).localeCompare(resourceKey(b.resource)),
  );
  const completedAt = input.scan.completedAt;
  return {
    id: input.id ?? randomUUID(),
    type: scanFindingsEventType,
    version: scanFindingsEventVersion,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    tenantId: input.tenantId,
    data: {
      cluster: { id: input.cluster.id, name: input.cluster.name },
      scan: {
        id: input.scan.id,
        completedAt: typeof completedAt === 'string' ? completedAt : completedAt.toISOString(),
        ...(input.scan.previousScanId ? { previousScanId: input.scan.previousScanId } : {}),
      },
      newFindings: counts,
      topFindings: ordered.slice(0, topN).map(publishedFinding),
      truncated: ordered.length > topN,
      links: { ...input.links },
    },
  };
}

function countBySeverity(findings: readonly ScanEventFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(severities.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) {
    if (!(severities as readonly string[]).includes(finding.severity))
      throw new TypeError(
        `finding of rule ${finding.ruleId} has unknown severity ${JSON.stringify(finding.severity)}`,
      );
    counts[finding.severity] += 1;
  }
  return counts;
}

function publishedFinding(finding: ScanEventFinding): ScanEventFinding {
  const { apiVersion, kind, namespace, name } = finding.resource;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    resource: { apiVersion, kind, ...(namespace ? { namespace } : {}), name },
    ...(finding.fingerprint ? { fingerprint: finding.fingerprint } : {}),
  };
}

function resourceKey(resource: WebhookResource): string {
  return `${resource.kind}/${resource.namespace ?? ''}/${resource.name}`;
}
