import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ClusterQueryDto } from '../clusters/cluster.dto.js';
import { FindingQueryDto } from '../findings/finding.dto.js';
import { MttrQueryDto, TrendQueryDto } from '../trends/trends.dto.js';
import { DomainError } from '../problems/domain-error.js';
import { precompiledQuery } from './precompiled-query.js';
import { strictValidationPipe } from './validation.pipe.js';

const pipe = strictValidationPipe();
/** The same options without the precompiled checks: what every query went through before. */
const fullPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: () => new DomainError('validation-failed', 'invalid'),
});

const clusterId = '0b6c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
const findingQueries: Record<string, unknown>[] = [
  {},
  { limit: '50' },
  { limit: '1' },
  { limit: '500' },
  { limit: '501' },
  { limit: '0' },
  { limit: '07' },
  { limit: ' 5' },
  { limit: '5.0' },
  { limit: '1e2' },
  { limit: 'ten' },
  { limit: ['5', '6'] },
  { clusterId, severity: 'critical,high', limit: '50' },
  { clusterId, limit: '20', cursor: 'eyJzIjoiaGlnaCJ9' },
  { clusterId: clusterId.toUpperCase() },
  { clusterId: '00000000-0000-0000-0000-000000000000' },
  { clusterId: 'not-a-uuid' },
  { clusterId: '' },
  { scanId: clusterId, status: 'resolved' },
  { status: 'new' },
  { status: 'closed' },
  { severity: 'critical' },
  { severity: ' critical , high ,' },
  { severity: 'critical,urgent' },
  { severity: '' },
  { severity: ',' },
  { rule: 'workload-host-network,rbac-wildcard-verbs', area: 'workload' },
  { rule: '' },
  { framework: 'cis-k8s-v1.10', control: '5.2.2' },
  { framework: 'x'.repeat(64) },
  { framework: 'x'.repeat(65) },
  { framework: '' },
  { namespace: 'payments' },
  { namespace: 'zürich' },
  { namespace: '😀'.repeat(200) },
  { kind: 'Deployment', name: 'web' },
  { kind: 'k'.repeat(64) },
  { name: 'n'.repeat(253) },
  { name: 'n'.repeat(254) },
  { unknown: 'x' },
  { constructor: 'x' },
  { __proto__: 'x' },
];
const clusterQueries: Record<string, unknown>[] = [
  {},
  { label: 'env=prod' },
  { label: 'env=staging,team=team-3' },
  { label: 'region=us-east-1', limit: '100' },
  { label: 'env' },
  { label: 'env=prod,' },
  { label: 'a b=c' },
  { name: 'prod' },
  { name: '' },
  { name: 'x'.repeat(64) },
  { cursor: 'abc', limit: '2' },
  { label: ['env=prod', 'team=a'] },
  { search: 'x' },
];
const scopeQueries: Record<string, unknown>[] = [
  {},
  { clusterId },
  { clusterId: clusterId.toUpperCase() },
  { clusterId: '00000000-0000-0000-0000-000000000000' },
  { clusterId: 'not-a-uuid' },
  { selector: 'env=prod' },
  { selector: 'env=prod,team=payments' },
  { selector: '' },
  { selector: 's'.repeat(1024) },
  { selector: 's'.repeat(1025) },
  { selector: 'ort=zürich' },
  { from: '2025-12-08T01:23:45.678Z', to: '2026-12-08T01:23:45.678Z' },
  { from: '2026-01-01T00:00:00Z' },
  { to: '2024-02-29T23:59:59Z' },
  { to: '2026-02-29T00:00:00Z' },
  { to: '2026-02-30T00:00:00Z' },
  { to: '2026-04-31T00:00:00Z' },
  { to: '2026-13-01T00:00:00Z' },
  { to: '2026-01-01T24:00:00Z' },
  { to: '2026-01-01T23:59:60Z' },
  { to: '2026-01-01T00:00:00+02:00' },
  { to: '2026-01-01T00:00:00.123456Z' },
  { to: '2026-01-01' },
  { to: '2026-01-01T00:00:00z' },
  { to: 'yesterday' },
  { to: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] },
  { unknown: 'x' },
];
const trendQueries: Record<string, unknown>[] = [
  ...scopeQueries,
  { bucket: 'month', from: '2025-12-08T01:23:45.678Z', to: '2026-12-08T01:23:45.678Z' },
  { bucket: 'day', timeZone: 'Europe/Berlin' },
  { bucket: 'scan', clusterId, framework: 'cis-k8s-v1.10' },
  { bucket: 'year' },
  { bucket: '' },
  { timeZone: '' },
  { timeZone: 'z'.repeat(65) },
  { framework: 'f'.repeat(64) },
  { framework: 'f'.repeat(65) },
  { groupBy: 'severity' },
];
const mttrQueries: Record<string, unknown>[] = [
  ...scopeQueries,
  { groupBy: 'severity' },
  { groupBy: 'area', selector: 'env=prod' },
  { groupBy: 'rule', clusterId },
  { groupBy: 'namespace' },
  { bucket: 'day' },
];

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = (await run()) as object;
    return { accepted: { type: value.constructor.name, ...value } };
  } catch (error) {
    return { refused: error instanceof DomainError ? error.code : String(error) };
  }
}

describe('precompiled query checks', () => {
  for (const [dto, queries] of [
    [FindingQueryDto, findingQueries],
    [ClusterQueryDto, clusterQueries],
    [TrendQueryDto, trendQueries],
    [MttrQueryDto, mttrQueries],
  ] as const) {
    it(`${dto.name}: accepts and refuses exactly what class-validator does, building the same instance`, async () => {
      for (const query of queries) {
        const metadata = { type: 'query', metatype: dto, data: undefined } as const;
        const fast = await outcome(() => pipe.transform({ ...query }, metadata));
        const full = await outcome(() => fullPipe.transform({ ...query }, metadata));
        expect({ query, ...(fast as object) }).toStrictEqual({ query, ...(full as object) });
      }
    });
  }

  it('takes the fast path for the common pages (so the tests above compare both paths)', () => {
    expect(precompiledQuery(FindingQueryDto, { clusterId, severity: 'critical,high', limit: '50' })).toBeInstanceOf(FindingQueryDto);
    expect(precompiledQuery(FindingQueryDto, { clusterId, limit: '20', cursor: 'abc' })).toBeInstanceOf(FindingQueryDto);
    expect(precompiledQuery(ClusterQueryDto, { label: 'env=staging,team=team-3' })).toBeInstanceOf(ClusterQueryDto);
    expect(precompiledQuery(TrendQueryDto, { bucket: 'month', from: '2025-12-08T01:23:45.678Z', to: '2026-12-08T01:23:45.678Z' })).toBeInstanceOf(TrendQueryDto);
    expect(precompiledQuery(MttrQueryDto, { groupBy: 'severity' })).toBeInstanceOf(MttrQueryDto);
    expect(precompiledQuery(TrendQueryDto, { to: '2026-02-30T00:00:00Z' })).toBeUndefined();
    expect(precompiledQuery(FindingQueryDto, { clusterId: 'not-a-uuid' })).toBeUndefined();
    expect(precompiledQuery(FindingQueryDto, { unknown: 'x' })).toBeUndefined();
  });

  it('leaves body and path parameters to the full pipe', () => {
    expect(precompiledQuery(undefined, { limit: '5' })).toBeUndefined();
    expect(precompiledQuery(FindingQueryDto, 'limit=5')).toBeUndefined();
  });
});
