import { Injectable } from '@nestjs/common';
import { FindingRepository, ScanRepository, type FindingRecord, type Page } from '@meshguard/db';
import { DomainError } from '../problems/domain-error.js';
import type { FindingQueryDto } from './finding.dto.js';

@Injectable()
export class FindingsService {
  constructor(
    private readonly findings: FindingRepository,
    private readonly scans: ScanRepository,
  ) {}

  async list(query: FindingQueryDto): Promise<Page<FindingRecord>> {
    const scanIds = await this.scopeScans(query);
    if (query.status === 'resolved') return this.resolved(scanIds, query);
    return this.findings.list({
      scanIds,
      severities: query.severity,
      ruleIds: query.rule,
      areas: query.area,
      statuses: query.status === 'new' || query.status === undefined ? undefined : [query.status],
      onlyNew: query.status === 'new',
      namespace: query.namespace,
      kind: query.kind,
      name: query.name,
      cursor: query.cursor,
      limit: query.limit,
    });
  }

  /** The scans a query covers: the named scan, or the latest finished scan of the named cluster or of every cluster. */
  private async scopeScans(query: FindingQueryDto): Promise<string[]> {
    if (query.scanId) {
      const scan = await this.scans.get(query.scanId);
      if (!scan || (query.clusterId && scan.clusterId !== query.clusterId)) throw new DomainError('not-found', `No scan ${query.scanId}.`);
      return [scan.id];
    }
    return (await this.scans.latestFinished(query.clusterId ? [query.clusterId] : undefined)).map((scan) => scan.id);
  }

  private async resolved(scanIds: string[], query: FindingQueryDto): Promise<Page<FindingRecord>> {
    if (scanIds.length !== 1) {
      throw new DomainError('validation-failed', 'status=resolved compares one scan with the one before it.', [
        { field: 'status', message: 'give scanId or clusterId with status=resolved' },
      ]);
    }
    const scan = await this.scans.get(scanIds[0] as string);
    const previous = scan ? await this.scans.previousFinished(scan) : undefined;
    if (!scan || !previous) return { items: [], nextCursor: null };
    return { items: await this.findings.resolvedBetween(previous.id, scan.id, query.limit), nextCursor: null };
  }
}
