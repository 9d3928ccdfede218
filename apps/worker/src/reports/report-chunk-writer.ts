import { Writable } from 'node:stream';
import { ReportRepository, type Database } from '@meshguard/db';

/** Largest piece stored per row: big enough for few rows, small enough that nothing holds a whole report. */
export const reportChunkBytes = 1024 * 1024;

/**
 * A writable sink for a renderer: it stores the bytes as pieces of at most `reportChunkBytes`, each piece in its own
 * short tenant transaction. Backpressure holds the renderer while a piece is written, so memory stays at about one
 * piece whatever the report's size. (The digest is libs/reports' renderReportWithDigest's.)
 */
export class ReportChunkWriter extends Writable {
  private readonly reports = new ReportRepository();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(
    private readonly database: Database,
    private readonly tenantId: string,
    private readonly reportId: string,
  ) {
    super({ highWaterMark: reportChunkBytes });
  }

  override _write(
    chunk: Buffer | string,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes < reportChunkBytes) return callback();
    this.flushFull().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const rest = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    (rest.length > 0 ? this.store(rest) : Promise.resolve()).then(() => callback(), callback);
  }

  private async flushFull(): Promise<void> {
    let buffered = Buffer.concat(this.pending);
    while (buffered.length >= reportChunkBytes) {
      await this.store(buffered.subarray(0, reportChunkBytes));
      buffered = buffered.subarray(reportChunkBytes);
    }
    this.pending = buffered.length > 0 ? [Buffer.from(buffered)] : [];
    this.pendingBytes = buffered.length;
  }

  private async store(bytes: Buffer): Promise<void> {
    const seq = this.seq;
    this.seq += 1;
    await this.database.withTenant(this.tenantId, () =>
      this.reports.appendChunk(this.tenantId, this.reportId, seq, new Uint8Array(bytes)),
    );
  }
}
