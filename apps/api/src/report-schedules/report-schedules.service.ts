import { Injectable } from '@nestjs/common';
import { ClusterRepository, ReportScheduleRepository, type Page, type ReportScheduleChanges, type ReportScheduleRecord } from '@meshguard/db';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/request-context.js';
import { checkSchedule } from '../clusters/schedule.js';
import { DomainError } from '../problems/domain-error.js';
import { ReportQueue } from '../queues/report-queue.js';
import { checkReportRequest } from '../reports/reports.service.js';
import { afterCommit } from '../tenancy/after-commit.js';
import type { CreateReportScheduleDto, UpdateReportScheduleDto } from './report-schedule.dto.js';

/** Recurring reports: the row is the truth, and a BullMQ job scheduler per row fires its runs. */
@Injectable()
export class ReportSchedulesService {
  constructor(
    private readonly schedules: ReportScheduleRepository,
    private readonly clusters: ClusterRepository,
    private readonly queue: ReportQueue,
    private readonly audit: AuditService,
  ) {}

  async create(actor: RequestContext, request: CreateReportScheduleDto): Promise<ReportScheduleRecord> {
    const timing = checkTiming({ cron: request.cron, timezone: request.timezone });
    const checked = await checkReportRequest({ framework: request.framework, formats: request.formats, scope: request.scope }, 'scope', this.clusters);
    const schedule = await this.schedules.create(actor.principal.tenantId, {
      name: request.name,
      ...timing,
      framework: checked.framework,
      scope: checked.scope,
      formats: checked.formats,
      emailRecipients: unique(request.emailRecipients ?? []),
      webhook: request.webhook ?? true,
      createdByKeyId: actor.principal.keyId,
    });
    this.sync(actor, schedule.id, timing);
    await this.audit.record(actor, 'report-schedule.create', { type: 'report-schedule', id: schedule.id }, auditDetails(schedule));
    return schedule;
  }

  list(page: { cursor?: string; limit: number }): Promise<Page<ReportScheduleRecord>> {
    return this.schedules.list(page);
  }

  async get(id: string): Promise<ReportScheduleRecord> {
    return (await this.schedules.get(id)) ?? notFound(id);
  }

  async update(actor: RequestContext, id: string, request: UpdateReportScheduleDto): Promise<ReportScheduleRecord> {
    const existing = await this.get(id);
    const timing = request.cron !== undefined || request.timezone !== undefined ? checkTiming({ cron: request.cron ?? existing.cron, timezone: request.timezone ?? existing.timezone }) : undefined;
    const checked = await checkReportRequest(
      {
        framework: request.framework ?? existing.framework,
        formats: request.formats ?? existing.formats,
        scope: request.scope ?? scopeInputOf(existing.scope),
      },
      'scope',
      this.clusters,
    );
    const changes: ReportScheduleChanges = {
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(timing ?? {}),
      ...(request.framework !== undefined ? { framework: checked.framework } : {}),
      ...(request.scope !== undefined ? { scope: checked.scope } : {}),
      ...(request.formats !== undefined ? { formats: checked.formats } : {}),
      ...(request.emailRecipients !== undefined ? { emailRecipients: unique(request.emailRecipients) } : {}),
      ...(request.webhook !== undefined ? { webhook: request.webhook } : {}),
    };
    const updated = (await this.schedules.update(id, changes)) ?? notFound(id);
    if (timing) this.sync(actor, id, timing);
    await this.audit.record(actor, 'report-schedule.update', { type: 'report-schedule', id }, { changed: Object.keys(changes) });
    return updated;
  }

  /** Deletes the schedule and removes its job scheduler after commit: no further run starts. Its reports stay. */
  async delete(actor: RequestContext, id: string): Promise<void> {
    const existing = await this.get(id);
    if (!(await this.schedules.delete(id))) notFound(id);
    this.sync(actor, id, null);
    await this.audit.record(actor, 'report-schedule.delete', { type: 'report-schedule', id }, { name: existing.name });
  }

  private sync(actor: RequestContext, scheduleId: string, timing: { cron: string; timezone: string } | null): void {
    afterCommit(() => this.queue.setSchedule({ tenantId: actor.principal.tenantId, scheduleId }, timing));
  }
}

function checkTiming(schedule: { cron: string; timezone: string | undefined }): { cron: string; timezone: string } {
  const checked = checkSchedule({ cron: schedule.cron, ...(schedule.timezone !== undefined ? { timezone: schedule.timezone } : {}) }, '');
  if (Array.isArray(checked)) {
    const errors = checked.map((problem) => ({ ...problem, field: problem.field.replace(/^\./, '') }));
    throw new DomainError('validation-failed', `The request has ${errors.length} invalid field(s); see errors.`, errors);
  }
  return checked;
}

function scopeInputOf(scope: ReportScheduleRecord['scope']): { clusterId?: string; selector?: string; fleet?: boolean } {
  if (scope.kind === 'cluster') return { clusterId: scope.clusterId };
  if (scope.kind === 'fleet') return { fleet: true };
  return { selector: Object.entries(scope.selector).map(([key, value]) => `${key}=${value}`).join(',') };
}

function auditDetails(schedule: ReportScheduleRecord): Record<string, unknown> {
  return { name: schedule.name, cron: schedule.cron, timezone: schedule.timezone, framework: schedule.framework, scope: schedule.scope, formats: schedule.formats, recipients: schedule.emailRecipients.length, webhook: schedule.webhook };
}

function unique(addresses: string[]): string[] {
  return [...new Map(addresses.map((address) => [address.toLowerCase(), address])).values()];
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No report schedule ${id}.`);
}
