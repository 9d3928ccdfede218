import { createHash } from 'node:crypto';
import type { ComputePool } from '@meshguard/compute';
import type { MeshguardConfig } from '@meshguard/config';
import {
  ClusterRepository,
  ScanResultsRepository,
  type CredentialVault,
  type Database,
  type EncodedFindings,
  type PreviousScanFindings,
  type ScanOutcomeToStore,
} from '@meshguard/db';
import type { ScanJobPayload } from '@meshguard/jobs';
import { collectEncodedSnapshot, prepareClusterAccess, type EncodedCollectionResult } from '@meshguard/k8s';
import { catalog, snapshotBuffers, type RuleException, type SnapshotHeader } from '@meshguard/rules';
import type { Logger } from 'pino';
import { toRuleException } from './exception-mapping.js';
import { scanEvaluationTask, type ScanEvaluationOutput } from './scan-evaluation.js';
import { ScanFailure } from './scan-failure.js';
import type { ScanSummary } from './scan-summary.js';

export type ScanPhase = 'prepare' | 'collect' | 'evaluate' | 'store';

/** What one run of the pipeline did. `already-finished`: the scan had been committed before (a re-run is a no-op). */
export type ScanRunResult =
  | { outcome: 'already-finished'; scanId: string }
  | {
      outcome: 'succeeded' | 'partial';
      scanId: string;
      clusterId: string;
      findings: number;
      summary: ScanSummary;
      phasesMs: Record<ScanPhase, number>;
      /** Time spent on the evaluation thread, by step (ms). */
      evaluation: ScanEvaluationOutput['timings'];
    };

export interface ScanRunOptions {
  /** Aborts collection (time budget, shutdown). */
  signal?: AbortSignal;
  log: Logger;
}

/** Version of the rule catalog a scan was evaluated with: changes when a rule is added, removed or re-rated. */
export const rulesVersion = createHash('sha256')
  .update(catalog.map((rule) => `${rule.id}:${rule.severity}`).join('\n'))
  .digest('hex')
  .slice(0, 12);

/**
 * One scan, end to end: claim it, open the credentials in memory, collect, evaluate every rule with the tenant's
 * waivers, then write findings, status, coverage, summary and score in one transaction. Collection streams on this
 * thread; the CPU-bound evaluation runs on the compute pool, so this event loop stays free. Throws ScanFailure for
 * problems it recognises; the caller decides between retrying and failing the scan.
 */
export class ScanPipeline {
  private readonly scans = new ScanResultsRepository();
  private readonly clusters = new ClusterRepository();

  constructor(
    private readonly database: Database,
    private readonly vault: CredentialVault,
    private readonly config: MeshguardConfig,
    private readonly compute: ComputePool,
  ) {}

  async run(payload: ScanJobPayload, options: ScanRunOptions): Promise<ScanRunResult> {
    const { tenantId, scanId } = payload;
    const phasesMs: Record<ScanPhase, number> = { prepare: 0, collect: 0, evaluate: 0, store: 0 };
    let mark = performance.now();
    const lap = (phase: ScanPhase) => {
      const now = performance.now();
      phasesMs[phase] += now - mark;
      mark = now;
    };

    const scan = await this.database.withTenant(tenantId, () => this.scans.start(scanId));
    if (!scan) return { outcome: 'already-finished', scanId };
    if (scan.clusterId !== payload.clusterId)
      throw new ScanFailure(
        'permanent',
        `scan ${scanId} belongs to cluster ${scan.clusterId}, not ${payload.clusterId}`,
      );

    const inputs = await this.database.withTenant(tenantId, async (tx) => {
      const cluster = await this.clusters.get(scan.clusterId);
      const sealed = cluster ? await this.clusters.sealedCredentials(scan.clusterId) : undefined;
      if (!cluster || !sealed)
        throw new ScanFailure(
          'permanent',
          'the cluster was deleted (or has no stored credentials); nothing to scan',
        );
      const kubeconfig = await this.vault.open(tx, 'cluster-credential', sealed.ciphertext);
      const exceptions = (await this.scans.activeExceptions(scan.clusterId, new Date())).map(toRuleException);
      const previous = await this.scans.previousFindings(scan);
      return { kubeconfig, exceptions, previous };
    });
    lap('prepare');

    // Collection and evaluation live in their own call, so the snapshot is garbage before the store phase begins.
    const evaluated = await this.collectAndEvaluate(inputs, scanId, options, lap);
    const outcome = { ...evaluated.outcome, summary: { ...evaluated.outcome.summary, phasesMs: roundPhases(phasesMs) } };
    const committed = await this.database.withTenant(tenantId, () => this.scans.commit(tenantId, scan, evaluated.findings, outcome), {
      timeoutMs: Math.max(60_000, this.config.worker.scanTimeoutMs),
      maxWaitMs: 10_000,
    });
    lap('store');
    if (!committed) return { outcome: 'already-finished', scanId };
    return {
      outcome: evaluated.outcome.status,
      scanId,
      clusterId: scan.clusterId,
      findings: evaluated.findings.count,
      summary: evaluated.summary,
      phasesMs: roundPhases(phasesMs),
      evaluation: evaluated.timings,
    };
  }

  private async collectAndEvaluate(
    inputs: { kubeconfig: Buffer; exceptions: RuleException[]; previous: PreviousScanFindings | undefined },
    scanId: string,
    options: ScanRunOptions,
    lap: (phase: ScanPhase) => void,
  ): Promise<{ findings: EncodedFindings; summary: ScanSummary; outcome: ScanOutcomeToStore; timings: ScanEvaluationOutput['timings'] }> {
    let collection: EncodedCollectionResult;
    try {
      const target = await prepareClusterAccess(inputs.kubeconfig, {
        allowedAddresses: this.config.clusters.addressAllowlist,
      });
      collection = await collectEncodedSnapshot(target, options.signal ? { signal: options.signal } : {});
    } finally {
      // The plaintext kubeconfig lives only in this buffer; wipe it as soon as the client has what it needs.
      inputs.kubeconfig.fill(0);
    }
    lap('collect');
    options.log.debug(
      { objects: collection.stats.objects, requests: collection.stats.requests },
      'snapshot collected',
    );

    const { header } = collection.snapshot;
    const evaluated = await this.compute.run(
      scanEvaluationTask,
      { scanId, snapshot: collection.snapshot, exceptions: inputs.exceptions, previous: inputs.previous },
      { transfer: snapshotBuffers(collection.snapshot), ...(options.signal ? { signal: options.signal } : {}) },
    );
    lap('evaluate');
    const { collectedAt, coverage, serverVersion } = JSON.parse(header) as SnapshotHeader;
    return {
      findings: evaluated.findings,
      summary: evaluated.summary,
      timings: evaluated.timings,
      outcome: {
        status: collection.status === 'complete' ? 'succeeded' : 'partial',
        collectedAt: new Date(collectedAt),
        coverage: {
          status: collection.status,
          gaps: coverage.gaps,
          kinds: collection.kinds,
          objects: collection.stats.objects,
          requests: collection.stats.requests,
          retries: collection.stats.retries,
          durationMs: Math.round(collection.stats.durationMs),
        },
        summary: { ...evaluated.summary, exceptions: evaluated.exceptions },
        score: evaluated.score,
        rulesVersion,
        serverVersion: serverVersion?.gitVersion ?? null,
      },
    };
  }

  /** Marks the scan failed with a reason the API shows; false when it had already finished. */
  async fail(payload: ScanJobPayload, reason: string): Promise<boolean> {
    return this.database.withTenant(payload.tenantId, () => this.scans.fail(payload.scanId, reason));
  }
}

function roundPhases(phases: Record<ScanPhase, number>): Record<ScanPhase, number> {
  return Object.fromEntries(Object.entries(phases).map(([phase, ms]) => [phase, Math.round(ms)])) as Record<
    ScanPhase,
    number
  >;
}
