import { createHash } from 'node:crypto';
import type { ComputePool } from '@meshguard/compute';
import type { MeshguardConfig } from '@meshguard/config';
import {
  ClusterRepository,
  ConnectivityModelRepository,
  ScanResultsRepository,
  type CredentialVault,
  type Database,
  type EncodedFindings,
  type PreviousScanFindings,
  type ScanOutcomeToStore,
} from '@meshguard/db';
import type { ScanJobPayload } from '@meshguard/jobs';
import { catalog, type RuleException } from '@meshguard/rules';
import type { Logger } from 'pino';
import { toRuleException } from './exception-mapping.js';
import {
  rebuildScanError,
  scanThreadTask,
  type ConnectivityModelBytes,
  type ScanThreadOutput,
} from './scan-thread.js';
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
      /** Time spent on the scan thread, by step (ms). */
      evaluation: ScanTimings;
    };

export interface ScanRunOptions {
  /** Aborts collection (time budget, shutdown). */
  signal?: AbortSignal;
  log: Logger;
}

type ScanTimings = Extract<ScanThreadOutput, { ok: true }>['timings'] & { startMs: number; returnMs: number };

/** Version of the rule catalog a scan was evaluated with: changes when a rule is added, removed or re-rated. */
export const rulesVersion = createHash('sha256')
  .update(catalog.map((rule) => `${rule.id}:${rule.severity}`).join('\n'))
  .digest('hex')
  .slice(0, 12);

/**
 * One scan, end to end: claim it, open the credentials in memory, collect, evaluate every rule with the tenant's
 * waivers, then write findings, status, coverage, summary and score in one transaction. Collection (page by page) and
 * evaluation run on the compute pool, so this event loop only waits on them. Throws ScanFailure for problems it
 * recognises; the caller decides between retrying and failing the scan.
 */
export class ScanPipeline {
  private readonly scans = new ScanResultsRepository();
  private readonly clusters = new ClusterRepository();
  private readonly connectivity = new ConnectivityModelRepository();

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
      return { kubeconfig, allowedAddress: sealed.allowedAddress, exceptions, previous };
    });
    lap('prepare');

    const evaluated = await this.collectAndEvaluate(inputs, scanId, options, phasesMs);
    mark = performance.now();
    const outcome: ScanOutcomeToStore = {
      ...evaluated.outcome,
      summary: { ...evaluated.outcome.summary, phasesMs: roundPhases(phasesMs) },
      phasesMs: { collect: phasesMs.collect, evaluate: phasesMs.evaluate },
    };
    const committed = await this.database.withTenant(
      tenantId,
      async () => {
        if (!(await this.scans.commit(tenantId, scan, evaluated.findings, outcome))) return false;
        if (evaluated.connectivity)
          await this.connectivity.store(tenantId, {
            scanId,
            clusterId: scan.clusterId,
            collectedAt: outcome.collectedAt,
            ...evaluated.connectivity,
          });
        return true;
      },
      {
        timeoutMs: Math.max(60_000, this.config.worker.scanTimeoutMs),
        maxWaitMs: 10_000,
      },
    );
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
    inputs: { kubeconfig: Buffer; allowedAddress: string | null; exceptions: RuleException[]; previous: PreviousScanFindings },
    scanId: string,
    options: ScanRunOptions,
    phasesMs: Record<ScanPhase, number>,
  ): Promise<{
    findings: EncodedFindings;
    summary: ScanSummary;
    outcome: Omit<ScanOutcomeToStore, 'phasesMs'>;
    timings: ScanTimings;
    connectivity: ConnectivityModelBytes | undefined;
  }> {
    // A copy in a buffer of its own, moved to the thread (a Buffer may share its memory with others); the original is
    // wiped at once, the copy by the thread once its client has what it needs.
    const kubeconfig = new Uint8Array(inputs.kubeconfig);
    inputs.kubeconfig.fill(0);
    const started = performance.now();
    const result = await this.compute.run(
      scanThreadTask,
      {
        scanId,
        kubeconfig,
        // The operator's allowlist, plus the one address this cluster alone may be reached at (the demo cluster).
        allowedAddresses: inputs.allowedAddress
          ? [...this.config.clusters.addressAllowlist, inputs.allowedAddress]
          : this.config.clusters.addressAllowlist,
        exceptions: inputs.exceptions,
        previous: inputs.previous,
      },
      { transfer: [kubeconfig.buffer], ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (!result.ok) throw rebuildScanError(result.error);
    const received = performance.timeOrigin + performance.now();
    const threadMs = performance.now() - started;
    phasesMs.collect += result.timings.collectMs;
    // Evaluation here is everything the thread did after collecting, plus handing the results over.
    phasesMs.evaluate += threadMs - result.timings.collectMs;
    const { collection } = result;
    options.log.debug(
      { objects: collection.stats.objects, requests: collection.stats.requests },
      'snapshot collected',
    );
    return {
      findings: result.findings,
      summary: result.summary,
      timings: {
        ...result.timings,
        // Waiting for a thread (starting one loads the rules and the Kubernetes client) and the credential's way in.
        startMs: Math.round(result.timings.startedAt - (performance.timeOrigin + started)),
        // The results' way back: the encoded rows are moved, so this stays small.
        returnMs: Math.round(received - result.timings.endedAt),
      },
      connectivity: result.connectivity,
      outcome: {
        status: collection.status === 'complete' ? 'succeeded' : 'partial',
        collectedAt: new Date(collection.header.collectedAt),
        coverage: {
          status: collection.status,
          gaps: collection.header.coverage.gaps,
          kinds: collection.kinds,
          objects: collection.stats.objects,
          requests: collection.stats.requests,
          retries: collection.stats.retries,
          durationMs: Math.round(collection.stats.durationMs),
        },
        // Per-rule outcomes stay with the scan, so compliance reports over it survive the retention of raw findings.
        summary: { ...result.summary, exceptions: result.exceptions, results: result.ruleOutcomes },
        score: result.score,
        rulesVersion,
        serverVersion: collection.header.serverVersion?.gitVersion ?? null,
        baseline: result.baseline,
        evaluatedRuleIds: result.evaluatedRuleIds,
        trend: result.trend,
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
