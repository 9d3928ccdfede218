import type { Database } from '../database/database.js';
import { ReportRepository } from './report.repository.js';

/**
 * The stored bytes of a report, piece by piece, each piece read in its own short tenant transaction: a download or an
 * email can stream a fleet-sized report without holding it in memory, and no transaction stays open while the bytes
 * travel over the network. Ends early (without error) if the report is deleted meanwhile; the consumer's digest
 * check then fails, as it should.
 */
export async function* readReportBytes(database: Database, tenantId: string, reportId: string): AsyncGenerator<Buffer> {
  const reports = new ReportRepository();
  for (let seq = 0; ; seq += 1) {
    const chunk = await database.withTenant(tenantId, () => reports.chunk(reportId, seq));
    if (!chunk) return;
    yield chunk;
  }
}
