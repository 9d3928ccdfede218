import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { readReportBytes, type Database } from '@meshguard/db';
import { DATABASE } from '../app/tokens.js';
import { ReportsService } from './reports.service.js';

/** What a download sends: the headers, and the bytes as a stream read piece by piece. */
export interface ReportDownload {
  headers: Record<string, string>;
  /** Undefined when the client's copy is current (If-None-Match): answer 304. */
  body: Readable | undefined;
}

/**
 * Downloads of stored reports. It runs outside the request transaction (OwnTransactions): the metadata is read in
 * one short tenant transaction and each stored piece in another, so no transaction waits on a slow client.
 */
@Injectable()
export class ReportDownloadService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly reports: ReportsService,
  ) {}

  async open(tenantId: string, id: string, ifNoneMatch: string | undefined): Promise<ReportDownload> {
    const report = await this.database.withTenant(tenantId, () => this.reports.ready(id));
    const hex = report.digest.replace(/^sha256:/, '');
    const etag = `"${hex}"`;
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    const headers: Record<string, string> = {
      'Content-Type': report.mediaType ?? 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${(report.fileName ?? report.id).replace(/["\\\r\n]/g, '_')}"`,
      'Content-Length': String(report.sizeBytes ?? 0),
      ETag: etag,
      // RFC 9530's digest of the representation, and RFC 3230's older header that many clients still read.
      'Repr-Digest': `sha-256=:${base64}:`,
      Digest: `SHA-256=${base64}`,
      'X-Meshguard-Signature': report.signature,
      'X-Meshguard-Signing-Key': report.signingKeyId,
      'Cache-Control': 'private, no-cache',
    };
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return { headers, body: undefined };
    return { headers, body: Readable.from(readReportBytes(this.database, tenantId, id)) };
  }
}
