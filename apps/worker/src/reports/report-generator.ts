import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AuditRepository,
  ReportRepository,
  ReportScheduleRepository,
  ReportSigningKeyRepository,
  ReportSourceRepository,
  type ReportRecord,
} from '@meshguard/db';
import {
  buildReportModel,
  generateSigningKeyPair,
  isReportFormat,
  reportFormatInfo,
  signReportDigest,
  type ComplianceReportModel,
} from '@meshguard/reports';
import type { WorkerRuntime } from '../app/worker-runtime.js';
import { ReportChunkWriter } from './report-chunk-writer.js';
import { reportRenderTask } from './report-render.js';
import { selectorText, toReportInput } from './report-input-mapping.js';

export type ReportGenerateResult =
  { outcome: 'ready'; report: ReportRecord } | { outcome: 'skipped'; reportId: string };

/**
 * Generates one report: reads its sources in one short tenant transaction, builds the model and renders it outside
 * any transaction into pieces stored one short transaction each, then signs the digest and marks it ready.
 */
export class ReportGenerator {
  private readonly reports = new ReportRepository();
  private readonly sources = new ReportSourceRepository();
  private readonly signingKeys: ReportSigningKeyRepository;

  constructor(private readonly runtime: WorkerRuntime) {
    this.signingKeys = new ReportSigningKeyRepository(runtime.vault);
  }

  async generate(tenantId: string, reportId: string): Promise<ReportGenerateResult> {
    const { database } = this.runtime;
    const report = await database.withTenant(tenantId, () => this.reports.start(reportId));
    if (!report) return { outcome: 'skipped', reportId };
    if (!isReportFormat(report.format))
      throw new Error(`the ${report.format} renderer is not available in this version`);
    const loaded = await database.withTenant(
      tenantId,
      async () => {
        const clusters = await this.sources.clusters(report.scope, report.asOf);
        const findings = await this.sources.findings(
          clusters.flatMap((cluster) => (cluster.scan ? [cluster.scan.scanId] : [])),
        );
        const key = await this.signingKeys.active(tenantId, generateSigningKeyPair);
        return { clusters, findings, key };
      },
      { timeoutMs: 120_000 },
    );
    const model = buildReportModel(toReportInput(report, loaded.clusters, loaded.findings, new Date()));
    const scans = loaded.clusters.map((cluster) => ({
      clusterId: cluster.clusterId,
      scanId: cluster.scan?.scanId ?? null,
    }));
    // The findings are no longer needed once the model holds what the report shows.
    loaded.findings.length = 0;
    const { chunks, digest, bytes } = await this.runtime.compute.run(reportRenderTask, {
      model,
      format: report.format,
    });
    // Stored piece by piece, each in a short transaction of its own (ReportChunkWriter).
    await pipeline(Readable.from(chunks), new ReportChunkWriter(database, tenantId, reportId));
    const signature = signReportDigest(digest, loaded.key.privateKeyPem);
    const info = reportFormatInfo[report.format];
    const finished = {
      mediaType: info.mediaType,
      fileName: fileNameOf(report, model, info.extension),
      sizeBytes: bytes,
      digest,
      signature: signature.signature,
      signingKeyId: signature.keyId,
      scans,
      summary: summaryOf(model),
    };
    const stored = await database.withTenant(tenantId, async () => {
      if (!(await this.reports.finish(reportId, finished))) return undefined;
      return this.reports.get(reportId);
    });
    if (!stored) return { outcome: 'skipped', reportId };
    this.runtime.log.info(
      { tenantId, reportId, format: report.format, sizeBytes: bytes, clusters: scans.length },
      'report stored',
    );
    return { outcome: 'ready', report: stored };
  }

  /** Marks the report failed after its last attempt, with the reason the API shows. */
  async fail(tenantId: string, reportId: string, reason: string): Promise<void> {
    await this.runtime.database.withTenant(tenantId, () => this.reports.fail(reportId, reason));
  }

  /** A schedule's tick: one queued report per format, recorded in the audit log as the schedule's doing. */
  async queueScheduled(tenantId: string, scheduleId: string, now: Date): Promise<ReportRecord[] | undefined> {
    return this.runtime.database.withTenant(tenantId, async () => {
      const schedule = await new ReportScheduleRepository().get(scheduleId);
      if (!schedule) return undefined;
      const expiresAt = new Date(
        now.getTime() + this.runtime.config.reports.retentionDays * 24 * 3600 * 1000,
      );
      const created: ReportRecord[] = [];
      for (const format of schedule.formats) {
        const report = await this.reports.create(tenantId, {
          framework: schedule.framework,
          scope: schedule.scope,
          asOf: now,
          format: format as ReportRecord['format'],
          trigger: 'schedule',
          scheduleId,
          requestedByKeyId: null,
          expiresAt,
        });
        await new AuditRepository().record({
          tenantId,
          actorKeyId: null,
          actor: `report-schedule:${scheduleId}`,
          action: 'report.create',
          targetType: 'report',
          targetId: report.id,
          details: { framework: report.framework, format: report.format, scope: report.scope, scheduleId },
          sourceIp: null,
          correlationId: null,
        });
        created.push(report);
      }
      return created;
    });
  }
}

/** e.g. `cis-k8s-v1.10_fleet_2026-12-07.pdf`: framework, scope and day, safe in any file system. */
function fileNameOf(report: ReportRecord, model: ComplianceReportModel, extension: string): string {
  const scope =
    report.scope.kind === 'selector' ? selectorText(report.scope.selector) : model.scope.description;
  const safe = (text: string) =>
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'report';
  return `${safe(report.framework)}_${safe(scope)}_${report.asOf.toISOString().slice(0, 10)}.${extension}`;
}

/** The headline numbers kept with the report row (listings, events, emails), straight from the model. */
function summaryOf(model: ComplianceReportModel): Record<string, unknown> {
  return {
    status: model.summary.status,
    score: model.summary.score.score,
    controls: model.summary.controls,
    clusters: model.summary.clusters,
    findings: model.summary.findings,
    failingResources: model.summary.failingResources,
  };
}
