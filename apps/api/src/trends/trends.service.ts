import { Injectable } from '@nestjs/common';
import { ClusterRepository, TrendsRepository, type TrendPoint, type TrendScope } from '@meshguard/db';
import { parseSelector, printable } from '../fleet/label-selector.js';
import { DomainError } from '../problems/domain-error.js';
import { rulesCatalog } from '../rules/rules-catalog.js';
import type { MttrDto, MttrQueryDto, TrendDto, TrendQueryDto, TrendScopeDto, TrendScopeQueryDto } from './trends.dto.js';

const dayMs = 86_400_000;
/** The longest window one request may cover (a year and a bit, with room for leap years and time zones). */
const maxWindowDays = 400;
const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;

@Injectable()
export class TrendsService {
  constructor(
    private readonly trends: TrendsRepository,
    private readonly clusters: ClusterRepository,
  ) {}

  async series(query: TrendQueryDto): Promise<TrendDto> {
    const { from, to } = window(query);
    const { frameworkById, frameworks } = await rulesCatalog();
    if (query.framework !== undefined && !frameworkById(query.framework)) {
      throw new DomainError('validation-failed', `No framework ${printable(query.framework)}.`, [
        { field: 'framework', message: `one of ${frameworks.map((f) => f.id).join(', ')}` },
      ]);
    }
    if (!(await this.trends.knowsTimeZone(query.timeZone))) {
      throw new DomainError('validation-failed', 'Unknown time zone.', [
        { field: 'timeZone', message: `"${printable(query.timeZone)}" is not an IANA time zone; use e.g. UTC or Europe/Berlin` },
      ]);
    }
    const scope = await this.scope(query);
    if (query.bucket === 'scan' && !('clusterId' in scope)) {
      throw new DomainError('validation-failed', 'bucket=scan draws one point per scan, so it needs one cluster.', [
        { field: 'bucket', message: 'give clusterId, or use day, week or month for several clusters' },
      ]);
    }
    // One round trip: the points, the waivers per bucket and the scope's cluster count.
    const { points, clusters } = await this.trends.seriesInScope({ scope, from, to, bucket: query.bucket, timeZone: query.timeZone, framework: query.framework });
    return {
      scope: described(scope, clusters),
      from,
      to,
      bucket: query.bucket,
      timeZone: query.timeZone,
      framework: query.framework ?? null,
      buckets: points.map((point) => point.start.toISOString()),
      localBuckets: points.map((point) => point.local),
      series: toSeries(points, query.framework !== undefined),
    };
  }

  async mttr(query: MttrQueryDto, now = new Date()): Promise<MttrDto> {
    const { from, to } = window(query);
    const scope = await this.scope(query);
    // One round trip: the groups and the scope's cluster count.
    const { groups, approximate, clusters } = await this.trends.lifecycleStats(scope, from, to, now, query.groupBy);
    return { scope: described(scope, clusters), from, to, groupBy: query.groupBy, approximate, groups };
  }

  private async scope(query: TrendScopeQueryDto): Promise<TrendScope> {
    if (query.clusterId !== undefined && query.selector !== undefined) {
      throw new DomainError('validation-failed', 'Give clusterId or selector, not both.', [{ field: 'selector', message: 'drop selector or clusterId' }]);
    }
    if (query.clusterId !== undefined) {
      if (!(await this.clusters.exists(query.clusterId))) throw new DomainError('not-found', `No cluster ${query.clusterId}.`);
      return { clusterId: query.clusterId };
    }
    if (query.selector !== undefined) return { labels: parseSelector(query.selector) };
    return { fleet: true };
  }
}

/** The scope as the answer names it; `clusters` is how many live clusters it covers now. */
function described(scope: TrendScope, clusters: number): TrendScopeDto {
  return {
    kind: 'clusterId' in scope ? 'cluster' : 'labels' in scope ? 'selector' : 'fleet',
    clusterId: 'clusterId' in scope ? scope.clusterId : null,
    labels: 'labels' in scope ? scope.labels : null,
    clusters,
  };
}

/** The query's window: `to` defaults to now, `from` to 30 days before `to`; from < to and at most maxWindowDays. */
function window(query: TrendScopeQueryDto): { from: Date; to: Date } {
  const to = query.to !== undefined ? new Date(query.to) : new Date();
  const from = query.from !== undefined ? new Date(query.from) : new Date(to.getTime() - 30 * dayMs);
  if (Number.isNaN(to.getTime()) || Number.isNaN(from.getTime())) {
    throw new DomainError('validation-failed', 'from and to must be ISO 8601 times.', [{ field: Number.isNaN(to.getTime()) ? 'to' : 'from', message: 'not a valid time' }]);
  }
  if (from >= to) throw new DomainError('validation-failed', 'from must be before to.', [{ field: 'from', message: 'must be before to' }]);
  if (to.getTime() - from.getTime() > maxWindowDays * dayMs) {
    throw new DomainError('validation-failed', `A window covers at most ${maxWindowDays} days.`, [{ field: 'from', message: `at most ${maxWindowDays} days before to` }]);
  }
  return { from, to };
}

/** Points as parallel arrays: compact for a browser chart, one index per bucket. */
function toSeries(points: TrendPoint[], withControls: boolean): TrendDto['series'] {
  const keyed = (pick: (point: TrendPoint) => Record<string, number | null>) => {
    const keys = [...new Set(points.flatMap((point) => Object.keys(pick(point))))].sort();
    return Object.fromEntries(keys.map((key) => [key, points.map((point) => pick(point)[key] ?? null)]));
  };
  const counts = (pick: (point: TrendPoint) => Record<string, number>) =>
    Object.fromEntries(Object.entries(keyed(pick)).map(([key, values]) => [key, values.map((value) => value ?? 0)]));
  return {
    clusters: points.map((point) => point.clusters),
    scans: points.map((point) => point.scans),
    score: points.map((point) => point.score),
    minScore: points.map((point) => point.minScore),
    scoreByFramework: keyed((point) => point.scoreByFramework),
    open: Object.fromEntries(severities.map((severity) => [severity, points.map((point) => point.open[severity])])) as unknown as TrendDto['series']['open'],
    openByArea: counts((point) => point.openByArea),
    waived: points.map((point) => point.waived),
    new: points.map((point) => point.new),
    resolved: points.map((point) => point.resolved),
    exceptionsAdded: points.map((point) => point.exceptionsAdded),
    exceptionsExpiring: points.map((point) => point.exceptionsExpiring),
    controls: withControls
      ? Object.fromEntries(['pass', 'fail', 'manual', 'not-applicable', 'not-assessable'].map((status) => [status, points.map((point) => point.controls[status] ?? 0)]))
      : null,
  };
}
