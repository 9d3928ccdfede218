import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, FleetRepository, type ClusterVerdicts } from '@meshguard/db';
import { labelProblems } from '../clusters/labels.js';
import { DomainError } from '../problems/domain-error.js';
import { defaultStaleMs, fleetCluster, fleetGroups, sortKey, staleWindowMs, withChange } from './fleet-overview.js';
import type { DriftClusterDto, DriftDto, DriftQueryDto, FleetPageDto, FleetQueryDto } from './fleet.dto.js';
import { clusterDrift } from './cluster-drift.js';
import { parseSelector, printable } from './label-selector.js';

@Injectable()
export class FleetService {
  constructor(private readonly fleet: FleetRepository) {}

  /**
   * One page of the fleet, ranked in the database (coverage decided at `now` from each schedule's stale window, parsed
   * here once per distinct schedule), then that page's history (change, sparkline).
   */
  async overview(query: FleetQueryDto, now = new Date()): Promise<FleetPageDto> {
    const labels = query.selector !== undefined ? parseSelector(query.selector) : undefined;
    if (query.groupBy !== undefined && labelProblems({ [query.groupBy]: '' }, 'groupBy').length > 0) {
      throw new DomainError('validation-failed', 'groupBy is not a label key.', [
        { field: 'groupBy', message: `"${printable(query.groupBy)}" is not a label key ([prefix/]name, e.g. env)` },
      ]);
    }
    const after = query.cursor ? decodeCursor(query.cursor, { u: ['0', '1'], s: 'number', c: 'number', h: 'number', n: 'text', i: 'uuid' }) : undefined;
    const staleWindows = (await this.fleet.schedules()).map((schedule) => ({ ...schedule, ms: staleWindowMs(schedule, now) }));
    const ranking = await this.fleet.rank({
      labels, now, staleWindows, defaultStaleMs, coverage: query.coverage, severity: query.severity, sort: query.sort, after, limit: query.limit, groupBy: query.groupBy,
    });
    const page = ranking.page.map((facts) => fleetCluster(facts, now));
    const last = page.at(-1);
    const pageIds = page.map((cluster) => cluster.id);
    // Independent page-sized reads: on PostgreSQL they run on two pooled connections at once.
    const [recent, past] = await Promise.all([this.fleet.recentScores(pageIds, sparklineScans), this.fleet.pastStates(pageIds, now)]);
    return {
      items: page.map((cluster) => ({ ...withChange(cluster, past.get(cluster.id)), recentScores: recent.get(cluster.id) ?? [] })),
      nextCursor: ranking.hasMore && last ? encodeCursor(sortKey(last)) : null,
      total: ranking.total,
      coverage: ranking.coverage,
      groups: query.groupBy !== undefined && ranking.groups ? fleetGroups(query.groupBy, ranking.groups) : null,
      generatedAt: now,
    };
  }

  /** The base cluster against one cluster or every cluster a selector names (at most maxCompared). */
  async drift(query: DriftQueryDto): Promise<DriftDto> {
    const [base] = await this.fleet.verdicts({ ids: [query.base] }, 1);
    if (!base) throw new DomainError('not-found', `No cluster ${query.base}.`);
    if (!base.scan) throw new DomainError('conflict', 'The base cluster has no finished scan yet; nothing to compare.');
    const byId = uuid.test(query.compare);
    const others = (await this.fleet.verdicts(byId ? { ids: [query.compare] } : { labels: parseSelector(query.compare, 'compare') }, maxCompared + 1))
      .filter((other) => other.id !== base.id)
      .slice(0, maxCompared);
    if (byId && others.length === 0 && query.compare !== base.id) throw new DomainError('not-found', `No cluster ${query.compare}.`);
    return {
      base: describe(base),
      comparisons: others.filter((other) => other.scan).map((other) => ({ cluster: describe(other), ...clusterDrift(base, other) })),
      unmeasured: others.filter((other) => !other.scan).map(describe),
    };
  }
}

/** Points of each cluster's sparkline: read for one page only, never for the whole fleet. */
const sparklineScans = 12;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Most clusters one drift request compares with the base. */
const maxCompared = 100;

function describe(cluster: ClusterVerdicts): DriftClusterDto {
  return { id: cluster.id, name: cluster.name, scanId: cluster.scan?.id ?? null, collectedAt: cluster.scan?.collectedAt ?? null };
}
