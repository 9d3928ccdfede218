import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, FleetRepository } from '@meshguard/db';
import { labelProblems } from '../clusters/labels.js';
import { DomainError } from '../problems/domain-error.js';
import { compareKeys, coverageStates, fleetCluster, groupClusters, matchesFilter, sortKey, type CoverageState } from './fleet-overview.js';
import type { FleetPageDto, FleetQueryDto } from './fleet.dto.js';
import { parseSelector, printable } from './label-selector.js';

@Injectable()
export class FleetService {
  constructor(private readonly fleet: FleetRepository) {}

  /** Every matching cluster sorted and filtered in memory (a fleet is thousands, not millions), then one page of it. */
  async overview(query: FleetQueryDto, now = new Date()): Promise<FleetPageDto> {
    const labels = query.selector !== undefined ? parseSelector(query.selector) : undefined;
    if (query.groupBy !== undefined && labelProblems({ [query.groupBy]: '' }, 'groupBy').length > 0) {
      throw new DomainError('validation-failed', 'groupBy is not a label key.', [
        { field: 'groupBy', message: `"${printable(query.groupBy)}" is not a label key ([prefix/]name, e.g. env)` },
      ]);
    }
    const after = query.cursor ? decodeCursor(query.cursor, ['u', 's', 'c', 'h', 'n', 'i'] as const) : undefined;
    const clusters = (await this.fleet.clusterFacts(labels, now))
      .map((facts) => fleetCluster(facts, now))
      .filter((cluster) => matchesFilter(cluster, { coverage: query.coverage, severity: query.severity }))
      .map((cluster) => ({ cluster, key: sortKey(cluster) }))
      .sort((a, b) => compareKeys(a.key, b.key, query.sort));
    const rest = after ? clusters.filter(({ key }) => compareKeys(key, after, query.sort) > 0) : clusters;
    const page = rest.slice(0, query.limit);
    const last = page.at(-1);
    const coverage = Object.fromEntries(coverageStates.map((state) => [state, 0])) as Record<CoverageState, number>;
    for (const { cluster } of clusters) coverage[cluster.coverage.state] += 1;
    return {
      items: page.map(({ cluster }) => cluster),
      nextCursor: rest.length > query.limit && last ? encodeCursor(last.key) : null,
      total: clusters.length,
      coverage,
      groups: query.groupBy !== undefined ? groupClusters(clusters.map(({ cluster }) => cluster), query.groupBy) : null,
      generatedAt: now,
    };
  }
}
