import { queueNames, reportJobId, reportRequeueSchedulerId } from '@meshguard/jobs';
import { createLogger } from '@meshguard/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from '../src/app/start-worker.js';
import { StrandedReports, strandedReportAgeMs } from '../src/reports/stranded-reports.js';
import { createWorkerFixture, waitFor, type WorkerFixture } from './support/worker-fixture.js';

// A report the API stored while Redis was down has no job: the worker gives it one (at start-up and every minute),
// with the report's own job id, so a report is never generated twice however often the sweep runs.

let fixture: WorkerFixture;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  fixture = await createWorkerFixture();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await fixture?.close();
});

async function queuedReport(tenantId: string, ageMs: number): Promise<string> {
  return fixture.database.withTenant(tenantId, async (tx) => {
    const createdAt = new Date(Date.now() - ageMs);
    const report = await tx.report.create({
      data: { tenantId, framework: 'cis-k8s-v1.10', scope: { kind: 'fleet' }, asOf: createdAt, format: 'json', trigger: 'api', createdAt, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    return report.id;
  });
}

const statusOf = (tenantId: string, reportId: string) =>
  fixture.database.withTenant(tenantId, async (tx) => (await tx.report.findFirstOrThrow({ where: { id: reportId } })).status);

describe('reports left queued without a job', () => {
  it('get exactly one job each, however often the sweep runs; fresh ones are left to the job the API queues', async () => {
    const tenantId = await fixture.createTenant();
    const stranded = await queuedReport(tenantId, strandedReportAgeMs + 60_000);
    const fresh = await queuedReport(tenantId, 0);
    const queue = fixture.queue(queueNames.reports);
    const sweep = new StrandedReports({ database: fixture.database, log: createLogger({ level: 'silent', name: 'test' }) }, queue);

    expect(await sweep.requeue(new Date())).toBe(1);
    expect(await sweep.requeue(new Date())).toBe(1);
    const waiting = await queue.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(waiting.map((job) => job.id)).toEqual([reportJobId({ tenantId, reportId: stranded })]);
    expect(waiting[0]!.data).toEqual({ tenantId, reportId: stranded });
    expect(await statusOf(tenantId, fresh)).toBe('queued');
  });

  it('are generated once a worker starts, and the worker installs the minute sweep', async () => {
    const tenantId = await fixture.createTenant();
    const stranded = await queuedReport(tenantId, strandedReportAgeMs + 60_000);
    worker = await startWorker(fixture.config, { database: fixture.database, serveMetrics: false });
    await waitFor(async () => (await statusOf(tenantId, stranded)) === 'ready', 60_000, 'the stranded report');
    const scheduler = await fixture.queue(queueNames.maintenance).getJobScheduler(reportRequeueSchedulerId);
    expect(scheduler).toMatchObject({ every: 60_000 });
    // Once generated it is no longer queued, so the sweep leaves it alone.
    const sweep = new StrandedReports({ database: fixture.database, log: createLogger({ level: 'silent', name: 'test' }) }, fixture.queue(queueNames.reports));
    expect(await sweep.requeue(new Date())).toBe(0);
  }, 90_000);
});
