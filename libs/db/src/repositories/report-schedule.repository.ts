import type { Prisma } from '../generated/prisma/client.js';
import type { ReportFormat } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';
import { decodeCursor, pageOf, type Page } from './cursor.js';
import type { ReportScopeRecord } from './report.repository.js';

/** A recurring report: when (cron in an IANA time zone), what (framework, scope, formats) and who gets it. */
export interface ReportScheduleRecord {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  framework: string;
  scope: ReportScopeRecord;
  formats: ReportFormat[];
  emailRecipients: string[];
  webhook: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewReportSchedule = Omit<ReportScheduleRecord, 'id' | 'createdAt' | 'updatedAt'> & { createdByKeyId: string | null };
export type ReportScheduleChanges = Partial<Omit<ReportScheduleRecord, 'id' | 'createdAt' | 'updatedAt'>>;

const select = {
  id: true,
  name: true,
  cron: true,
  timezone: true,
  framework: true,
  scope: true,
  formats: true,
  emailRecipients: true,
  webhook: true,
  createdAt: true,
  updatedAt: true,
} as const;

type ScheduleRow = Prisma.ReportScheduleGetPayload<{ select: typeof select }>;

/** Report schedules of the tenant in the active transaction. */
export class ReportScheduleRepository {
  async create(tenantId: string, schedule: NewReportSchedule): Promise<ReportScheduleRecord> {
    const row = await currentTenantContext().tx.reportSchedule.create({
      select,
      data: { tenantId, ...schedule, scope: schedule.scope as Prisma.InputJsonValue },
    });
    return toRecord(row);
  }

  async get(id: string): Promise<ReportScheduleRecord | undefined> {
    const row = await currentTenantContext().tx.reportSchedule.findFirst({ select, where: { id } });
    return row ? toRecord(row) : undefined;
  }

  async list(options: { cursor?: string; limit: number }): Promise<Page<ReportScheduleRecord>> {
    const after = options.cursor ? decodeCursor(options.cursor, { createdAt: 'instant', id: 'uuid' }) : undefined;
    const rows = await currentTenantContext().tx.reportSchedule.findMany({
      select,
      where: after
        ? { OR: [{ createdAt: { lt: new Date(after.createdAt) } }, { createdAt: new Date(after.createdAt), id: { lt: after.id } }] }
        : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: options.limit + 1,
    });
    return pageOf(rows, options.limit, toRecord, (row) => ({ createdAt: row.createdAt.toISOString(), id: row.id }));
  }

  async update(id: string, changes: ReportScheduleChanges): Promise<ReportScheduleRecord | undefined> {
    const tx = currentTenantContext().tx;
    const { scope, ...rest } = changes;
    const { count } = await tx.reportSchedule.updateMany({
      where: { id },
      data: { ...rest, ...(scope ? { scope: scope as Prisma.InputJsonValue } : {}) },
    });
    return count === 1 ? this.get(id) : undefined;
  }

  /** Deletes the schedule; the reports it produced stay until their retention ends. */
  async delete(id: string): Promise<boolean> {
    return (await currentTenantContext().tx.reportSchedule.deleteMany({ where: { id } })).count === 1;
  }
}

function toRecord(row: ScheduleRow): ReportScheduleRecord {
  return { ...row, scope: row.scope as unknown as ReportScopeRecord, formats: row.formats as ReportFormat[] };
}
