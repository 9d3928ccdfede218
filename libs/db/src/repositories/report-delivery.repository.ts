import type { ReportDeliveryOutcome } from '../generated/prisma/enums.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';

/** One attempt to deliver one report to one recipient. */
export interface ReportDeliveryAttempt {
  reportId: string;
  channel: 'email';
  recipient: string;
  attempt: number;
  outcome: ReportDeliveryOutcome;
  attached: boolean;
  messageId: string | null;
  error: string | null;
  durationMs: number | null;
}

export interface ReportDeliveryRecord extends ReportDeliveryAttempt {
  id: string;
  createdAt: Date;
}

/** The delivery log of reports (email); webhook deliveries of report.ready log in webhook_deliveries. */
export class ReportDeliveryRepository {
  /** Records one attempt; recording the same attempt twice (a re-run job) keeps the first record. */
  async record(tenantId: string, attempt: ReportDeliveryAttempt): Promise<void> {
    await currentTenantContext().tx.reportDelivery.createMany({ data: [{ tenantId, ...attempt }], skipDuplicates: true });
  }

  /** Every attempt for the report, oldest first. */
  async forReport(reportId: string): Promise<ReportDeliveryRecord[]> {
    const rows = await currentTenantContext().tx.reportDelivery.findMany({
      select: { id: true, reportId: true, channel: true, recipient: true, attempt: true, outcome: true, attached: true, messageId: true, error: true, durationMs: true, createdAt: true },
      where: { reportId },
      orderBy: [{ createdAt: 'asc' }, { attempt: 'asc' }],
    });
    return rows.map((row) => ({ ...row, channel: 'email' as const }));
  }
}
