import { Prisma } from '../generated/prisma/client.js';
import type { ScanStatus } from '../generated/prisma/enums.js';
import { TrendRollupRepository } from './trend-rollup.repository.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import type { ExceptionRecord } from './exception.repository.js';
import { yieldToEventLoop } from './event-loop-yield.js';
import { unpackColumns, type EncodedFindings } from './finding-columns.encoding.js';
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

/**
 * What a cluster had open before a scan: the previous finished scan (null: none, so this scan is the baseline) and
 * each open problem of the finding lifecycle, by fingerprint, with the scan it was first seen in and its rule.
 */
export interface PreviousScanFindings {
  scanId: string | null;
  open: Map<string, { firstSeenScanId: string; ruleId: string }>;
}

/** The typed per-scan numbers trends read (scan_summaries). */
export interface ScanTrendNumbers {
  score: number | null;
  open: Record<'critical' | 'high' | 'medium' | 'low' | 'info', number>;
  waived: number;
  new: number;
  resolved: number;
  scoreByFramework: Record<string, number | null>;
  openByArea: Record<string, number>;
  controlCounts: Record<string, Record<string, number>>;
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
  /** The cluster's first finished scan. */
  baseline: boolean;
  /** Rules this scan evaluated: an open problem of any of them that the scan did not find is resolved. */
  evaluatedRuleIds: string[];
  trend: ScanTrendNumbers;
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

  /**
   * The newest finished scan of the cluster requested before `scan`, and the cluster's open problems from the finding
   * lifecycle (not from that scan's findings: they may have been purged, and a partial scan carries problems it could
   * not re-check).
   */
  async previousFindings(scan: Pick<ScanToRun, 'id' | 'clusterId' | 'requestedAt'>): Promise<PreviousScanFindings> {
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
    const rows = await tx.$queryRaw<{ fingerprint: string; first_seen: string; rule_id: string }[]>`
      SELECT fingerprint, first_seen_scan_id::text AS first_seen, rule_id
      FROM finding_lifecycles WHERE cluster_id = ${scan.clusterId}::uuid AND resolved_at IS NULL`;
    return {
      scanId: previous?.id ?? null,
      open: new Map(rows.map((row) => [row.fingerprint, { firstSeenScanId: row.first_seen, ruleId: row.rule_id }])),
    };
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
    await yieldToEventLoop();
    await tx.$executeRaw`
      UPDATE scans SET status = ${outcome.status}::scan_status, finished_at = clock_timestamp(), failure_reason = NULL,
        collected_at = ${outcome.collectedAt}, coverage = ${JSON.stringify(outcome.coverage)}::jsonb,
        summary = ${JSON.stringify(outcome.summary)}::jsonb, score = ${outcome.score},
        rules_version = ${outcome.rulesVersion}, server_version = ${outcome.serverVersion}, baseline = ${outcome.baseline},
        collect_ms = ${Math.round(outcome.phasesMs.collect)}, evaluate_ms = ${Math.round(outcome.phasesMs.evaluate)},
        store_ms = round(1000 * extract(epoch FROM clock_timestamp() - ${storeStarted}::timestamptz))::int
      WHERE id = ${scan.id}::uuid`;
    await yieldToEventLoop();
    await recordLifecycle(tenantId, scan, outcome);
    await yieldToEventLoop();
    await insertTrendSummary(tenantId, scan, outcome);
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
 * Brings the cluster's finding lifecycle up to this scan: every finding is seen now (a resolved one reappearing
 * reopens as a new occurrence), and every open problem of an evaluated rule that this scan did not find is resolved.
 */
async function recordLifecycle(tenantId: string, scan: Pick<ScanToRun, 'id' | 'clusterId'>, outcome: ScanOutcomeToStore): Promise<void> {
  const tx = currentTenantContext().tx;
  const at = outcome.collectedAt;
  await tx.$executeRaw`
    INSERT INTO finding_lifecycles AS l (tenant_id, cluster_id, fingerprint, rule_id, area, severity, status, resource_kind,
      resource_namespace, resource_name, first_seen_at, first_seen_scan_id, from_baseline, last_seen_at, last_seen_scan_id)
    SELECT ${tenantId}::uuid, ${scan.clusterId}::uuid, fingerprint, rule_id, area, severity, status, resource_kind,
      resource_namespace, resource_name, ${at}, ${scan.id}::uuid, ${outcome.baseline}, ${at}, ${scan.id}::uuid
    FROM findings WHERE scan_id = ${scan.id}::uuid
    ON CONFLICT (tenant_id, cluster_id, fingerprint) DO UPDATE SET
      rule_id = EXCLUDED.rule_id, area = EXCLUDED.area, severity = EXCLUDED.severity, status = EXCLUDED.status,
      resource_kind = EXCLUDED.resource_kind, resource_namespace = EXCLUDED.resource_namespace,
      resource_name = EXCLUDED.resource_name, last_seen_at = EXCLUDED.last_seen_at, last_seen_scan_id = EXCLUDED.last_seen_scan_id,
      first_seen_at = CASE WHEN l.resolved_at IS NULL THEN l.first_seen_at ELSE EXCLUDED.first_seen_at END,
      first_seen_scan_id = CASE WHEN l.resolved_at IS NULL THEN l.first_seen_scan_id ELSE EXCLUDED.first_seen_scan_id END,
      from_baseline = l.from_baseline AND l.resolved_at IS NULL,
      reopen_count = l.reopen_count + CASE WHEN l.resolved_at IS NULL THEN 0 ELSE 1 END,
      resolved_at = NULL, resolved_scan_id = NULL`;
  await tx.$executeRaw`
    UPDATE finding_lifecycles SET resolved_at = ${at}, resolved_scan_id = ${scan.id}::uuid
    WHERE cluster_id = ${scan.clusterId}::uuid AND resolved_at IS NULL AND last_seen_scan_id <> ${scan.id}::uuid
      AND rule_id = ANY(${outcome.evaluatedRuleIds}::text[])`;
}

/** The scan's row in scan_summaries (the typed numbers trends read, the cluster's labels now), folded into the rollups. */
async function insertTrendSummary(tenantId: string, scan: Pick<ScanToRun, 'id' | 'clusterId'>, outcome: ScanOutcomeToStore): Promise<void> {
  const t = outcome.trend;
  await currentTenantContext().tx.$executeRaw`
    INSERT INTO scan_summaries (tenant_id, scan_id, cluster_id, collected_at, baseline, partial, score, open_critical,
      open_high, open_medium, open_low, open_info, waived, new_findings, resolved_findings, score_by_framework,
      open_by_area, control_counts, labels)
    VALUES (${tenantId}::uuid, ${scan.id}::uuid, ${scan.clusterId}::uuid, ${outcome.collectedAt}, ${outcome.baseline},
      ${outcome.status === 'partial'}, ${t.score}, ${t.open.critical}, ${t.open.high}, ${t.open.medium}, ${t.open.low},
      ${t.open.info}, ${t.waived}, ${t.new}, ${t.resolved}, ${JSON.stringify(t.scoreByFramework)}::jsonb,
      ${JSON.stringify(t.openByArea)}::jsonb, ${JSON.stringify(t.controlCounts)}::jsonb,
      (SELECT COALESCE(labels, '{}') FROM clusters WHERE tenant_id = ${tenantId}::uuid AND id = ${scan.clusterId}::uuid))
    ON CONFLICT (tenant_id, cluster_id, scan_id) DO NOTHING`;
  await new TrendRollupRepository().recordScan(tenantId, scan.clusterId, scan.id);
}

/**
 * Inserts the findings with one `INSERT … SELECT FROM unnest(…)` per chunk. Each column travels as a single array
 * literal of its own type (`severity[]`, `uuid[]`, `jsonb[]`…): one string per column for Prisma and the driver to
 * pass on instead of one value per finding, and no per-row casts in PostgreSQL. The literals were built beforehand
 * (encodeFindings, on an evaluation thread), so this only sends them.
 */
async function insertFindings(tenantId: string, scan: Pick<ScanToRun, 'id' | 'clusterId'>, findings: EncodedFindings): Promise<void> {
  const tx = currentTenantContext().tx;
  for (const chunk of findings.chunks) {
    await yieldToEventLoop();
    // One chunk's strings at a time: the rest stay packed bytes until their turn.
    const c = unpackColumns(chunk);
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
