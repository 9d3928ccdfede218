import { Prisma } from '../generated/prisma/client.js';
import type { ScanStatus } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import type { ExceptionRecord } from './exception.repository.js';
import type { EncodedFindings } from './finding-columns.encoding.js';
import type { FindingRecord } from './finding.repository.js';

/** One finding as the worker stores it (the scan, cluster and tenant come from the call; first-seen is derived). */
export type FindingToStore = Omit<FindingRecord, 'id' | 'clusterId' | 'scanId' | 'firstSeenScanId' | 'createdAt'>;

/** A scan as the worker sees it when it picks the job up. */
export interface ScanToRun {
  id: string;
  clusterId: string;
  status: ScanStatus;
  requestedAt: Date;
  attempts: number;
}

/** A waiver row in force, in the shape evaluation needs. */
export type ActiveExceptionRow = Omit<ExceptionRecord, 'createdByKeyId' | 'createdAt' | 'revokedAt'>;

/** What the previous finished scan of a cluster left open: fingerprint → the scan it was first seen in. */
export interface PreviousScanFindings {
  scanId: string;
  firstSeen: Map<string, string>;
}

export interface ScanOutcomeToStore {
  status: 'succeeded' | 'partial';
  collectedAt: Date;
  coverage: Record<string, unknown>;
  summary: Record<string, unknown>;
  score: number | null;
  rulesVersion: string | null;
  serverVersion: string | null;
  /** How long collection and evaluation took (ms, the worker's clock); the store's own time is taken by commit. */
  phasesMs: { collect: number; evaluate: number };
}

const findingColumns = [
  'tenant_id',
  'cluster_id',
  'scan_id',
  'rule_id',
  'area',
  'severity',
  'status',
  'fingerprint',
  'resource_api_version',
  'resource_kind',
  'resource_namespace',
  'resource_name',
  'container',
  'message',
  'evidence',
  'exposure',
  'exception_id',
  'first_seen_scan_id',
] as const;

/**
 * The scan pipeline's persistence: claiming a scan, reading what evaluation needs, and committing a scan's results
 * (findings, status, coverage, summary, score) in the caller's single tenant transaction.
 */
export class ScanResultsRepository {
  /**
   * Moves a queued (or, after a crash, still running) scan to `running` and counts the attempt. Returns the scan, or
   * `undefined` when it does not exist or has already finished (a re-run after commit is then a no-op).
   */
  async start(scanId: string): Promise<ScanToRun | undefined> {
    const rows = await currentTenantContext().tx.$queryRaw<ScanToRun[]>`
      UPDATE scans SET status = 'running', started_at = COALESCE(started_at, clock_timestamp()), attempts = attempts + 1
      WHERE id = ${scanId}::uuid AND status IN ('queued', 'running')
      RETURNING id::text, cluster_id::text AS "clusterId", status::text AS status, requested_at AS "requestedAt", attempts`;
    return rows[0];
  }

  /** The scan's status, or undefined when it does not exist. */
  async statusOf(scanId: string): Promise<ScanStatus | undefined> {
    const row = await currentTenantContext().tx.scan.findFirst({ select: { status: true }, where: { id: scanId } });
    return row?.status;
  }

  /** Waivers not revoked and not yet expired at `now` that apply to the cluster (their own or tenant-wide). */
  async activeExceptions(clusterId: string, now: Date): Promise<ActiveExceptionRow[]> {
    const rows = await currentTenantContext().tx.exception.findMany({
      where: { revokedAt: null, expiresAt: { gt: now }, OR: [{ clusterId: null }, { clusterId }] },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((row) => ({
      id: row.id,
      ruleId: row.ruleId,
      clusterId: row.clusterId,
      namespacePattern: row.namespacePattern,
      namePattern: row.namePattern,
      kind: row.kind,
      labels: (row.labels ?? {}) as Record<string, string>,
      container: row.container,
      justification: row.justification,
      owner: row.owner,
      expiresAt: row.expiresAt,
      evidenceFingerprint: row.evidenceFingerprint,
      mode: row.mode,
    }));
  }

  /** The newest finished scan of the cluster requested before `scan`, with each of its fingerprints' first-seen scan. */
  async previousFindings(scan: Pick<ScanToRun, 'id' | 'clusterId' | 'requestedAt'>): Promise<PreviousScanFindings | undefined> {
    const tx = currentTenantContext().tx;
    const previous = await tx.scan.findFirst({
      select: { id: true },
      where: {
        clusterId: scan.clusterId,
        status: { in: ['succeeded', 'partial'] },
        id: { not: scan.id },
        requestedAt: { lte: scan.requestedAt },
      },
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    });
    if (!previous) return undefined;
    const rows = await tx.$queryRaw<{ fingerprint: string; first_seen: string }[]>`
      SELECT fingerprint, COALESCE(first_seen_scan_id, scan_id)::text AS first_seen
      FROM findings WHERE scan_id = ${previous.id}::uuid`;
    return { scanId: previous.id, firstSeen: new Map(rows.map((row) => [row.fingerprint, row.first_seen])) };
  }

  /**
   * Stores the findings and finishes the scan, in the caller's transaction. Locks the scan row first: when the scan is
   * no longer `running` (another attempt committed it), nothing is written and `false` is returned.
   */
  async commit(
    tenantId: string,
    scan: Pick<ScanToRun, 'id' | 'clusterId'>,
    findings: EncodedFindings,
    outcome: ScanOutcomeToStore,
  ): Promise<boolean> {
    const tx = currentTenantContext().tx;
    // clock_timestamp(), not now(): now() is when the transaction began, and the store's duration is what follows.
    const locked = await tx.$queryRaw<{ status: ScanStatus; store_started: Date }[]>`
      SELECT status::text AS status, clock_timestamp() AS store_started FROM scans WHERE id = ${scan.id}::uuid FOR UPDATE`;
    if (locked[0]?.status !== 'running') return false;
    const storeStarted = locked[0].store_started;
    // A crashed attempt never committed, but be certain no earlier row of this scan survives.
    await tx.$executeRaw`DELETE FROM findings WHERE scan_id = ${scan.id}::uuid`;
    await insertFindings(tenantId, scan, findings);
    await tx.$executeRaw`
      UPDATE scans SET status = ${outcome.status}::scan_status, finished_at = clock_timestamp(), failure_reason = NULL,
        collected_at = ${outcome.collectedAt}, coverage = ${JSON.stringify(outcome.coverage)}::jsonb,
        summary = ${JSON.stringify(outcome.summary)}::jsonb, score = ${outcome.score},
        rules_version = ${outcome.rulesVersion}, server_version = ${outcome.serverVersion},
        collect_ms = ${Math.round(outcome.phasesMs.collect)}, evaluate_ms = ${Math.round(outcome.phasesMs.evaluate)},
        store_ms = round(1000 * extract(epoch FROM clock_timestamp() - ${storeStarted}::timestamptz))::int
      WHERE id = ${scan.id}::uuid`;
    return true;
  }

  /** Marks a queued or running scan failed with a reason the API shows; false when it had already finished. */
  async fail(scanId: string, reason: string, coverage?: Record<string, unknown>): Promise<boolean> {
    const count = await currentTenantContext().tx.$executeRaw`
      UPDATE scans SET status = 'failed', finished_at = clock_timestamp(), failure_reason = ${reason.slice(0, 2000)}
        ${coverage ? Prisma.sql`, coverage = ${JSON.stringify(coverage)}::jsonb` : Prisma.empty}
      WHERE id = ${scanId}::uuid AND status IN ('queued', 'running')`;
    return count === 1;
  }

  /** Deletes the tenant's findings created before `cutoff`; scans and their summaries stay. Returns how many went. */
  async deleteFindingsBefore(cutoff: Date): Promise<number> {
    const tx = currentTenantContext().tx;
    // first_seen_scan_id references scans, not findings, so deleting old findings never breaks newer ones.
    return tx.$executeRaw`DELETE FROM findings WHERE created_at < ${cutoff}`;
  }
}

/**
 * Inserts the findings with one `INSERT … SELECT FROM unnest(…)` per chunk. Each column travels as a single array
 * literal of its own type (`severity[]`, `uuid[]`, `jsonb[]`…): one string per column for Prisma and the driver to
 * pass on instead of one value per finding, and no per-row casts in PostgreSQL. The literals were built beforehand
 * (encodeFindings, on an evaluation thread), so this only sends them.
 */
async function insertFindings(tenantId: string, scan: Pick<ScanToRun, 'id' | 'clusterId'>, findings: EncodedFindings): Promise<void> {
  const tx = currentTenantContext().tx;
  for (const c of findings.chunks) {
    await tx.$executeRaw`
      INSERT INTO findings (${Prisma.raw(findingColumns.join(', '))})
      SELECT ${tenantId}::uuid, ${scan.clusterId}::uuid, ${scan.id}::uuid, rule_id, area, severity, status, fingerprint,
        api_version, kind, namespace, name, container, message, evidence, exposure, exception_id, first_seen
      FROM unnest(
        ${c.ruleId}::text[], ${c.area}::text[], ${c.severity}::severity[], ${c.status}::finding_status[],
        ${c.fingerprint}::text[], ${c.apiVersion}::text[], ${c.kind}::text[], ${c.namespace}::text[], ${c.name}::text[],
        ${c.container}::text[], ${c.message}::text[], ${c.evidence}::jsonb[], ${c.exposure}::exposure[],
        ${c.exceptionId}::uuid[], ${c.firstSeenScanId}::uuid[]
      ) AS t(rule_id, area, severity, status, fingerprint, api_version, kind, namespace, name, container, message,
        evidence, exposure, exception_id, first_seen)`;
  }
}
