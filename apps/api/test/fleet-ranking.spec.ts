import { randomBytes } from 'node:crypto';
import { decodeCursor, FleetRepository, type Database } from '@meshguard/db';
import { testEngines } from '@meshguard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetCluster, sortKey, type RankedCluster } from '../src/fleet/fleet-overview.js';
import type { FleetQueryDto } from '../src/fleet/fleet.dto.js';
import { FleetService } from '../src/fleet/fleet.service.js';
import { parseSelector } from '../src/fleet/label-selector.js';
import { compareKeys, groupClusters, matchesFilter } from './support/fleet-reference.js';
import { seedCluster, seedScans } from './support/seed-history.js';

// The overview ranks the fleet in SQL (coverage at `now`, filters, worst-first order with its cursor, totals and group
// aggregates). The reference is the ranking the API did in JavaScript over every cluster's facts: for a fleet in every
// coverage state, with varied schedules, scores, ties and labels, every page of every query must be the reference's.

const hour = 3_600_000;
const day = 24 * hour;
const repository = new FleetRepository();
const service = new FleetService(repository);

/** The former in-memory ranking: every cluster's facts → coverage → filter → sort → cursor → page, totals, groups. */
async function reference(query: FleetQueryDto, now: Date) {
  const labels = query.selector !== undefined ? parseSelector(query.selector) : undefined;
  const after = query.cursor ? decodeCursor(query.cursor, { u: ['0', '1'], s: 'number', c: 'number', h: 'number', n: 'text', i: 'uuid' }) : undefined;
  const clusters = (await repository.clusterFacts(labels))
    .map((facts) => fleetCluster(facts, now))
    .filter((cluster) => matchesFilter(cluster, { coverage: query.coverage, severity: query.severity }))
    .sort((a, b) => compareKeys(sortKey(a), sortKey(b), query.sort));
  const rest = after ? clusters.filter((cluster) => compareKeys(sortKey(cluster), after, query.sort) > 0) : clusters;
  const coverage = { current: 0, stale: 0, unreachable: 0, partial: 0, 'never-scanned': 0 };
  for (const cluster of clusters) coverage[cluster.coverage.state] += 1;
  return {
    items: rest.slice(0, query.limit).map(shown),
    more: rest.length > query.limit,
    total: clusters.length,
    coverage,
    groups: query.groupBy !== undefined ? groupClusters(clusters, query.groupBy) : null,
  };
}

/** What an item shows of its ranking (the DTO's or the reference's). */
function shown(cluster: Pick<RankedCluster, 'id' | 'name' | 'score' | 'open'> & { coverage: object; kubernetes: object }) {
  return { id: cluster.id, name: cluster.name, score: cluster.score, open: cluster.open, coverage: cluster.coverage, kubernetes: cluster.kubernetes };
}

const schedules: ({ cron: string; timezone: string } | null)[] = [
  null,
  { cron: '0 * * * *', timezone: 'UTC' }, // stale after 2 h
  { cron: '*/15 * * * *', timezone: 'UTC' },
  { cron: '0 3 * * *', timezone: 'Europe/Berlin' }, // 48 h
  { cron: '0 6 * * 1', timezone: 'America/New_York' }, // 14 days
  { cron: 'not a cron', timezone: 'UTC' }, // unparsable: 24 h
];
const ages = [0.5 * hour, 3 * hour, 30 * hour, 3 * day, 20 * day];
const scores = [40, 55.5, 55.5, 70, 90.25, null, 12.3];
const counts = [0, 0, 1, 3];
// Case, digits, punctuation and a non-ASCII letter: names must compare as JavaScript's < does.
const names = ['alpha', 'Alpha', 'beta', 'Beta-2', '_edge', 'zeta', 'Zeta', 'émile', 'a10', 'a9', 'mid', 'mid-x'];

type Kind = 'finished' | 'failed-after' | 'failed-only' | 'never' | 'queued' | 'verify-failed-after' | 'verify-failed-before';
const kinds: Kind[] = ['finished', 'finished', 'finished', 'failed-after', 'failed-only', 'never', 'queued', 'verify-failed-after', 'verify-failed-before'];

async function seedFleet(database: Database, tenantId: string, now: Date): Promise<void> {
  for (let i = 0; i < 54; i++) {
    const kind = kinds[i % kinds.length]!;
    const schedule = schedules[i % schedules.length] ?? null;
    const labels: Record<string, string> = i % 5 === 4 ? { team: 'core' } : { env: i % 3 === 0 ? 'prod' : 'staging', team: i % 2 ? 'payments' : 'core' };
    const name = `${names[i % names.length]}${i >= names.length ? `-${Math.floor(i / names.length)}` : ''}`;
    const id = await seedCluster(database, tenantId, name, labels);
    const at = new Date(now.getTime() - ages[(i * 7) % ages.length]!);
    await database.withTenant(tenantId, (tx) =>
      tx.cluster.update({
        where: { id },
        data: {
          scheduleCron: schedule?.cron ?? null,
          scheduleTimezone: schedule?.timezone ?? 'UTC',
          serverVersion: i % 4 === 0 ? 'v1.25.0' : 'v1.33.1',
          ...(kind === 'verify-failed-after' ? { lastVerifiedAt: new Date(at.getTime() + 60_000), lastVerificationError: 'connection refused' } : {}),
          ...(kind === 'verify-failed-before' ? { lastVerifiedAt: new Date(at.getTime() - 60_000), lastVerificationError: 'connection refused' } : {}),
        },
      }),
    );
    if (kind === 'never') continue;
    if (kind !== 'failed-only' && kind !== 'queued') {
      const open = { critical: counts[i % counts.length]!, high: counts[(i * 3) % counts.length]!, medium: i % 2, low: 1, info: 0 };
      await seedScans(database, tenantId, id, [
        { at: new Date(at.getTime() - 10 * day), score: 50, open },
        { at, score: scores[i % scores.length] ?? null, open, partial: i % 4 === 1 },
      ]);
    }
    if (kind === 'failed-after' || kind === 'failed-only' || kind === 'queued') {
      const failed = kind !== 'queued';
      await database.withTenant(tenantId, (tx) =>
        tx.scan.create({
          data: {
            tenantId, clusterId: id, trigger: 'api', status: failed ? 'failed' : 'queued', requestedAt: new Date(at.getTime() + hour / 4),
            ...(failed ? { finishedAt: new Date(at.getTime() + hour / 2), failureReason: 'the API server refused the credentials' } : {}),
          },
        }),
      );
    }
  }
}

const queries: Partial<FleetQueryDto>[] = [
  {},
  { sort: 'name' },
  { groupBy: 'env' },
  { groupBy: 'team', sort: 'name' },
  { groupBy: 'toString' },
  { selector: 'env=prod', groupBy: 'team' },
  { coverage: ['stale'] },
  { coverage: ['unreachable', 'never-scanned'], groupBy: 'env' },
  { coverage: ['partial', 'current'], sort: 'name' },
  { severity: ['critical'] },
  { severity: ['high', 'low'], coverage: ['current', 'stale', 'partial'], groupBy: 'env' },
  { selector: 'env=nowhere' },
];

for (const [engine, open] of Object.entries(testEngines)) {
  describe(`fleet ranking in the database on ${engine}`, () => {
    let database: Database;
    let close: () => Promise<unknown>;
    let tenantId: string;
    const now = new Date();

    beforeAll(async () => {
      ({ database, close } = await open());
      const suffix = randomBytes(4).toString('hex');
      tenantId = (await database.system.createTenant({ name: 'ranking', slug: `ranking-${suffix}`, ownerKey: { name: 'owner', prefix: `fr${suffix}`, secretHash: 'x' } })).tenantId;
      await seedFleet(database, tenantId, now);
    }, 180_000);
    afterAll(async () => close?.());

    it('seeds every coverage state', async () => {
      const { coverage, total } = await database.withTenant(tenantId, () => reference({ sort: 'worst', limit: 100 } as FleetQueryDto, now));
      expect(total).toBe(54);
      for (const count of Object.values(coverage)) expect(count).toBeGreaterThan(0);
    });

    it.each(queries.map((query) => [JSON.stringify(query), query] as const))('pages %s as the JavaScript ranking does', async (_, partial) => {
      let query = { sort: 'worst', limit: 7, ...partial } as FleetQueryDto;
      let pages = 0;
      for (;;) {
        const expected = await database.withTenant(tenantId, () => reference(query, now));
        // As a request reads: statements with their values inlined, no transaction.
        const actual = await database.withTenantReads(tenantId, () => service.overview(query, now));
        expect(actual.items.map(shown)).toEqual(expected.items);
        expect(actual.total).toBe(expected.total);
        expect(actual.coverage).toEqual(expected.coverage);
        expect(actual.groups).toEqual(expected.groups);
        expect(actual.nextCursor !== null).toBe(expected.more);
        pages += 1;
        if (!actual.nextCursor) break;
        query = { ...query, cursor: actual.nextCursor } as FleetQueryDto;
      }
      expect(pages).toBeGreaterThanOrEqual(1);
    });
  });
}
