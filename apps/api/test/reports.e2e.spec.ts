import { createHash } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import { queueNames, reportJobNames, reportSchedulerId } from '@meshguard/jobs';
import { bullConnectionOptions } from '@meshguard/platform';
import { verifyReport, verifyReportDigest, type ReportSignature } from '@meshguard/reports';
import { verifyWebhookSignature } from '@meshguard/webhooks';
import { startWebhookReceiver, type WebhookReceiver } from '@meshguard/webhooks/testing';
import { startWorker, type RunningWorker } from '@meshguard/worker';
import { Queue } from 'bullmq';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

// Compliance reports end to end: a real worker scans the simulated cluster, generates, signs and stores reports, and
// delivers scheduled ones by signed webhook and by email to a local SMTP server started here.

let api: TestApi;
let worker: RunningWorker;
let simulator: RunningSimulator;
let receiver: WebhookReceiver;
let smtp: SMTPServer;
let reportsQueue: Queue;
let tenant: TestTenant;
let clusterId: string;
let scanId: string;
const mails: ParsedMail[] = [];
/** The SMTP server answers the first RCPT of this address with a temporary failure (451), then accepts. */
const flakyRecipient = 'flaky@example.com';
let flakyRejected = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === flakyRecipient && flakyRejected === 0) {
        flakyRejected += 1;
        const error = Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = await startWebhookReceiver();
  [api, simulator] = await Promise.all([
    startTestApi({
      WEBHOOK_ADDRESS_ALLOWLIST: '127.0.0.1',
      WEBHOOK_RETRY_BASE_DELAY_MS: '100',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      REPORT_FROM: 'meshguard reports <reports@meshguard.test>',
      PUBLIC_URL: 'https://meshguard.test',
    }),
    startSimulator({ preset: 'demo' }),
  ]);
  worker = await startWorker(api.config, { database: api.database, serveMetrics: false });
  reportsQueue = new Queue(queueNames.reports, { connection: bullConnectionOptions(api.config.redis.url), prefix: api.config.redis.queuePrefix });
  tenant = await api.createTenant('Reports');
  const registered = await api
    .http()
    .post('/v1/clusters')
    .set(bearer(tenant.token))
    .send({ name: 'payments-prod', labels: { env: 'prod' }, kubeconfig: simulator.kubeconfig({ token: 'read-only' }) })
    .expect(201);
  clusterId = registered.body.cluster.id;
  const scan = await api.http().post(`/v1/clusters/${clusterId}/scans`).set(bearer(tenant.token)).expect(202);
  scanId = scan.body.id;
  // expect.poll is for tests only; the scan every test reads is awaited here.
  for (let waited = 0; ; waited += 250) {
    const status = (await api.http().get(`/v1/scans/${scanId}`).set(bearer(tenant.token))).body.status;
    if (status === 'succeeded') break;
    if (status === 'failed' || waited > 90_000) throw new Error(`the scan did not succeed: ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await reportsQueue?.close();
  await Promise.all([api?.close(), simulator?.stop(), receiver?.close()]);
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** A supertest parser keeping the body as raw bytes (the response is Node's message at run time). */
function binary(response: unknown, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = response as IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function download(token: string, id: string): Promise<{ bytes: Buffer; headers: Record<string, string> }> {
  const response = await api.http().get(`/v1/reports/${id}/download`).set(bearer(token)).buffer(true).parse(binary).expect(200);
  return { bytes: response.body as Buffer, headers: response.headers as Record<string, string> };
}

async function untilReady(token: string, id: string): Promise<Record<string, unknown>> {
  await expect
    .poll(async () => (await api.http().get(`/v1/reports/${id}`).set(bearer(token))).body.status, { timeout: 60_000, interval: 200 })
    .toMatch(/^(ready|failed)$/);
  const report = await api.http().get(`/v1/reports/${id}`).set(bearer(token)).expect(200);
  expect(report.body, JSON.stringify(report.body)).toMatchObject({ status: 'ready', failureReason: null });
  return report.body as Record<string, unknown>;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('a requested report', () => {
  let reportId: string;
  let bytes: Buffer;
  let publicKeyPem: string;

  it('is queued with 202 and a Location, generated by the worker and listed', async () => {
    const created = await api
      .http()
      .post('/v1/reports')
      .set(bearer(tenant.token))
      .send({ framework: 'cis-k8s-v1.10', format: 'json', scope: { clusterId } })
      .expect(202);
    reportId = created.body.id;
    expect(created.headers.location).toBe(`/v1/reports/${reportId}`);
    expect(created.body).toMatchObject({ status: 'queued', format: 'json', framework: 'cis-k8s-v1.10', scope: { kind: 'cluster', clusterId }, trigger: 'api' });
    const ready = await untilReady(tenant.token, reportId);
    expect(ready).toMatchObject({ mediaType: 'application/json', scans: [{ clusterId, scanId }], signature: { keyId: expect.stringMatching(/^sha256:/) } });
    expect(ready['fileName']).toMatch(/^cis-k8s-v1\.10_payments-prod_\d{4}-\d{2}-\d{2}\.json$/);
    const listed = await api.http().get('/v1/reports?limit=1').set(bearer(tenant.token)).expect(200);
    expect(listed.body.items.map((report: { id: string }) => report.id)).toEqual([reportId]);
  });

  it('downloads with Content-Type, Content-Disposition, ETag and a digest header that match the bytes', async () => {
    const report = (await api.http().get(`/v1/reports/${reportId}`).set(bearer(tenant.token)).expect(200)).body;
    const got = await download(tenant.token, reportId);
    bytes = got.bytes;
    const digest = sha256(bytes);
    expect(report.digest).toBe(digest);
    expect(report.sizeBytes).toBe(bytes.length);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${report.fileName}"`);
    expect(got.headers['etag']).toBe(`"${digest.slice('sha256:'.length)}"`);
    expect(got.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);
    await api.http().get(`/v1/reports/${reportId}/download`).set(bearer(tenant.token)).set('If-None-Match', got.headers['etag']!).expect(304);
  });

  it('verifies against the published key, and fails on a single changed byte', async () => {
    const keys = await api.http().get('/v1/reports/signing-keys').set(bearer(tenant.token)).expect(200);
    expect(keys.body.items).toHaveLength(1);
    expect(keys.body.items[0]).toMatchObject({ algorithm: 'Ed25519', status: 'active', retiredAt: null });
    publicKeyPem = keys.body.items[0].publicKeyPem;
    const signature = (await api.http().get(`/v1/reports/${reportId}/signature`).set(bearer(tenant.token)).expect(200)).body;
    expect(signature.keyId).toBe(keys.body.items[0].keyId);
    expect(verifyReport(bytes, signature, publicKeyPem)).toMatchObject({ ok: true });
    const tampered = Buffer.from(bytes);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 0x01;
    expect(verifyReport(tampered, signature, publicKeyPem)).toMatchObject({ ok: false });
  });

  it('states the same numbers as the API for the same scan', async () => {
    const model = JSON.parse(bytes.toString('utf8'));
    const scan = (await api.http().get(`/v1/scans/${scanId}`).set(bearer(tenant.token)).expect(200)).body;
    const byControl: Record<string, number> = scan.summary.findings.byControl['cis-k8s-v1.10'] ?? {};
    const controls: { controlId: string; findingCounts: { open: number; excepted: number; accepted: number } }[] = model.controls;
    expect(controls.length).toBeGreaterThan(0);
    const failing = controls.filter((control) => control.findingCounts.open > 0);
    expect(failing.length).toBeGreaterThan(0);
    for (const control of controls) {
      const counts = control.findingCounts;
      expect({ control: control.controlId, findings: counts.open + counts.excepted + counts.accepted }).toEqual({ control: control.controlId, findings: byControl[control.controlId] ?? 0 });
    }
    for (const control of failing.slice(0, 5)) {
      const listed = await api
        .http()
        .get(`/v1/findings?scanId=${scanId}&framework=cis-k8s-v1.10&control=${encodeURIComponent(control.controlId)}&status=open&limit=500`)
        .set(bearer(tenant.token))
        .expect(200);
      expect({ control: control.controlId, open: listed.body.items.length }).toEqual({ control: control.controlId, open: control.findingCounts.open });
    }
    expect(model.clusters).toEqual([expect.objectContaining({ clusterId, coverageState: 'current', measured: true })]);
  });

  it('lets an auditor request and download reports, but only an owner rotate keys; old reports still verify', async () => {
    const auditor = (await api.http().post('/v1/api-keys').set(bearer(tenant.token)).send({ name: 'auditor', role: 'auditor' }).expect(201)).body.token as string;
    const admin = (await api.http().post('/v1/api-keys').set(bearer(tenant.token)).send({ name: 'admin', role: 'admin' }).expect(201)).body.token as string;
    const created = await api.http().post('/v1/reports').set(bearer(auditor)).send({ framework: 'cis-k8s-v1.10', format: 'json', scope: { selector: 'env=prod' } }).expect(202);
    await untilReady(auditor, created.body.id);
    expect((await download(auditor, created.body.id)).bytes.length).toBeGreaterThan(0);
    await api.http().delete(`/v1/reports/${created.body.id}`).set(bearer(auditor)).expect(403);
    await api.http().post('/v1/reports/signing-keys/rotate').set(bearer(admin)).expect(403);
    const rotated = await api.http().post('/v1/reports/signing-keys/rotate').set(bearer(tenant.token)).expect(201);
    expect(rotated.body).toMatchObject({ status: 'active' });
    const keys = (await api.http().get('/v1/reports/signing-keys').set(bearer(auditor)).expect(200)).body.items;
    expect(keys.map((key: { status: string }) => key.status)).toEqual(['active', 'retired']);
    const old = keys.find((key: { status: string }) => key.status === 'retired');
    const signature = (await api.http().get(`/v1/reports/${reportId}/signature`).set(bearer(auditor)).expect(200)).body;
    expect(verifyReport(bytes, signature, old.publicKeyPem)).toMatchObject({ ok: true });
    expect(verifyReport(bytes, signature, rotated.body.publicKeyPem)).toMatchObject({ ok: false });
    const audit = (await api.http().get('/v1/audit-events?limit=100').set(bearer(tenant.token)).expect(200)).body.items.map((event: { action: string }) => event.action);
    expect(audit).toEqual(expect.arrayContaining(['report.create', 'report.signing-key.rotate']));
  });

  it('answers bad requests with problems naming each field, and changes nothing', async () => {
    const before = (await api.http().get('/v1/reports?limit=500').set(bearer(tenant.token)).expect(200)).body.items.length;
    const cases: [unknown, string[]][] = [
      [{ framework: 'iso-27001', format: 'json', scope: { fleet: true } }, ['framework']],
      [{ framework: 'cis-k8s-v1.10', format: 'docx', scope: { fleet: true } }, ['format']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: { fleet: true, clusterId } }, ['scope']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: {} }, ['scope']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: { clusterId: '00000000-0000-4000-8000-000000000000' } }, ['scope.clusterId']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: { selector: 'env' } }, ['scope.selector']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: { fleet: true }, asOf: '2999-01-01T00:00:00Z' }, ['asOf']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: { fleet: true }, asOf: 'yesterday' }, ['asOf']],
      [{ framework: 'cis-k8s-v1.10', format: 'json', scope: { fleet: true }, colour: 'red' }, ['colour']],
    ];
    for (const [body, fields] of cases) {
      const response = await api.http().post('/v1/reports').set(bearer(tenant.token)).send(body as object);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
    }
    await api.http().get('/v1/reports/not-a-uuid').set(bearer(tenant.token)).expect(400);
    await api.http().get('/v1/reports/00000000-0000-4000-8000-000000000000/download').set(bearer(tenant.token)).expect(404);
    await api.http().get('/v1/reports?status=lost').set(bearer(tenant.token)).expect(400);
    await api.http().get('/v1/reports?cursor=nope').set(bearer(tenant.token)).expect(400);
    const after = (await api.http().get('/v1/reports?limit=500').set(bearer(tenant.token)).expect(200)).body.items.length;
    expect(after).toBe(before);
  });

  it('renders every format, each downloaded with its media type and a signature that verifies', async () => {
    const publicKeys = (await api.http().get('/v1/reports/signing-keys').set(bearer(tenant.token)).expect(200)).body.items;
    const expected: Record<string, RegExp> = {
      json: /^application\/json/,
      csv: /^text\/csv/,
      html: /^text\/html/,
      pdf: /^application\/pdf/,
      sarif: /^application\/sarif\+json/,
      oscal: /^application\/oscal\.ar\+json/,
    };
    const ids: Record<string, string> = {};
    for (const format of Object.keys(expected)) {
      const created = await api.http().post('/v1/reports').set(bearer(tenant.token)).send({ framework: 'cis-k8s-v1.10', format, scope: { selector: 'env=prod' } }).expect(202);
      ids[format] = created.body.id;
    }
    for (const [format, mediaType] of Object.entries(expected)) {
      const report = await untilReady(tenant.token, ids[format]!);
      const got = await download(tenant.token, ids[format]!);
      expect({ format, type: got.headers['content-type'] }).toEqual({ format, type: expect.stringMatching(mediaType) });
      expect({ format, digest: sha256(got.bytes) }).toEqual({ format, digest: report['digest'] });
      const signature = (await api.http().get(`/v1/reports/${ids[format]}/signature`).set(bearer(tenant.token)).expect(200)).body;
      const key = publicKeys.find((candidate: { keyId: string }) => candidate.keyId === signature.keyId);
      expect({ format, verified: verifyReport(got.bytes, signature, key.publicKeyPem).ok }).toEqual({ format, verified: true });
      const text = got.bytes.toString('utf8');
      if (format === 'pdf') expect(text.startsWith('%PDF-')).toBe(true);
      else if (format === 'html') expect(text).toMatch(/<html/i);
      else if (format === 'csv') expect(text.split('\n')[0]).toMatch(/,/);
      else expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('deletes a report with its bytes, in the audit log', async () => {
    const created = await api.http().post('/v1/reports').set(bearer(tenant.token)).send({ framework: 'nsa-cisa-v1.2', format: 'json', scope: { fleet: true } }).expect(202);
    await untilReady(tenant.token, created.body.id);
    await api.http().delete(`/v1/reports/${created.body.id}`).set(bearer(tenant.token)).expect(204);
    await api.http().get(`/v1/reports/${created.body.id}`).set(bearer(tenant.token)).expect(404);
    await api.http().get(`/v1/reports/${created.body.id}/download`).set(bearer(tenant.token)).expect(404);
    const audit = await api.http().get(`/v1/audit-events?action=report.delete`).set(bearer(tenant.token)).expect(200);
    expect(audit.body.items.map((event: { targetId: string }) => event.targetId)).toContain(created.body.id);
    expect(await api.database.withTenant(tenant.tenantId, (tx) => tx.reportChunk.count({ where: { reportId: created.body.id } }))).toBe(0);
  });
});

describe('a report schedule', () => {
  let scheduleId: string;
  let webhookSecret: string;

  it('is created with its next run times and a BullMQ job scheduler in its time zone', async () => {
    const auditor = (await api.http().post('/v1/api-keys').set(bearer(tenant.token)).send({ name: 'auditor-2', role: 'auditor' }).expect(201)).body.token as string;
    const body = {
      name: 'Weekly CIS for the auditor',
      cron: '30 2 * * 1',
      timezone: 'Europe/Berlin',
      framework: 'cis-k8s-v1.10',
      scope: { selector: 'env=prod' },
      formats: ['json'],
      emailRecipients: ['auditor@example.com', flakyRecipient],
    };
    await api.http().post('/v1/report-schedules').set(bearer(auditor)).send(body).expect(403);
    const webhook = await api.http().post('/v1/webhooks').set(bearer(tenant.token)).send({ url: `${receiver.url}/reports`, events: ['report.ready'] }).expect(201);
    webhookSecret = webhook.body.secret;
    const created = await api.http().post('/v1/report-schedules').set(bearer(tenant.token)).send(body).expect(201);
    scheduleId = created.body.id;
    expect(created.body).toMatchObject({ cron: '30 2 * * 1', timezone: 'Europe/Berlin', scope: { kind: 'selector', selector: 'env=prod' }, webhook: true });
    expect(created.body.nextRuns).toHaveLength(5);
    for (const run of created.body.nextRuns as string[]) {
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(run));
      expect(local).toBe('Mon 02:30');
    }
    const scheduler = await reportsQueue.getJobScheduler(reportSchedulerId({ tenantId: tenant.tenantId, scheduleId }));
    expect(scheduler).toMatchObject({ pattern: '30 2 * * 1', tz: 'Europe/Berlin' });
    expect(new Date(scheduler!.next!).toISOString()).toBe(created.body.nextRuns[0]);
  });

  it('refuses a bad cron, time zone, format or recipient with problems naming the fields', async () => {
    const base = { name: 'x', cron: '0 6 * * 1', framework: 'cis-k8s-v1.10', scope: { fleet: true }, formats: ['json'] };
    const cases: [object, string[]][] = [
      [{ ...base, cron: 'every monday' }, ['cron']],
      [{ ...base, timezone: 'Mars/Olympus' }, ['timezone']],
      [{ ...base, formats: ['json', 'json'] }, ['formats']],
      [{ ...base, formats: [] }, ['formats']],
      [{ ...base, emailRecipients: ['not an address'] }, ['emailRecipients']],
    ];
    for (const [body, fields] of cases) {
      const response = await api.http().post('/v1/report-schedules').set(bearer(tenant.token)).send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(fields);
    }
  });

  it('on each run stores its report and announces it by a signed report.ready webhook with the download URL and digest', async () => {
    await reportsQueue.add(reportJobNames.scheduled, { tenantId: tenant.tenantId, scheduleId });
    await expect
      .poll(async () => (await api.http().get(`/v1/reports?scheduleId=${scheduleId}&status=ready`).set(bearer(tenant.token))).body.items.length, { timeout: 60_000, interval: 200 })
      .toBe(1);
    const report = (await api.http().get(`/v1/reports?scheduleId=${scheduleId}`).set(bearer(tenant.token)).expect(200)).body.items[0];
    expect(report).toMatchObject({ trigger: 'schedule', scheduleId, format: 'json' });
    await expect.poll(() => receiver.deliveries.filter((delivery) => delivery.eventType === 'report.ready').length, { timeout: 30_000, interval: 100 }).toBe(1);
    const delivery = receiver.deliveries.find((candidate) => candidate.eventType === 'report.ready')!;
    expect(verifyWebhookSignature(delivery.body, delivery.signature, webhookSecret)).toMatchObject({ ok: true });
    const event = JSON.parse(delivery.body);
    expect(event).toMatchObject({
      id: `report-${report.id}`,
      type: 'report.ready',
      version: 1,
      data: {
        report: { id: report.id, digest: report.digest, scheduleId, signature: { keyId: report.signature.keyId, value: report.signature.value } },
        links: { download: `https://meshguard.test/v1/reports/${report.id}/download` },
      },
    });
    const { bytes } = await download(tenant.token, report.id);
    expect(sha256(bytes)).toBe(event.data.report.digest);
    const audit = await api.http().get(`/v1/audit-events?targetId=${report.id}`).set(bearer(tenant.token)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'report.create', actor: `report-schedule:${scheduleId}` });
  });

  it('emails the report with it attached, retrying a temporary SMTP failure and recording every attempt', async () => {
    const report = (await api.http().get(`/v1/reports?scheduleId=${scheduleId}`).set(bearer(tenant.token)).expect(200)).body.items[0];
    await expect.poll(() => mails.length, { timeout: 30_000, interval: 100 }).toBe(2);
    for (const mail of mails) {
      expect(mail.from?.value).toEqual([{ name: 'meshguard reports', address: 'reports@meshguard.test' }]);
      expect(mail.subject).toContain('cis-k8s-v1.10');
      expect(mail.text).toContain(report.digest);
      expect(mail.headers.get('x-meshguard-report-digest')).toBe(report.digest);
      expect(mail.attachments).toHaveLength(1);
      const attachment = mail.attachments[0]!;
      expect(attachment.filename).toBe(report.fileName);
      expect(attachment.contentType).toBe('application/json');
      expect(sha256(attachment.content)).toBe(report.digest);
      const keys = (await api.http().get('/v1/reports/signing-keys').set(bearer(tenant.token)).expect(200)).body.items;
      const key = keys.find((candidate: { keyId: string }) => candidate.keyId === report.signature.keyId);
      const signature: ReportSignature = { format: 'meshguard-report-signature/v1', algorithm: 'Ed25519', keyId: report.signature.keyId, digest: report.digest, signature: report.signature.value };
      expect(verifyReportDigest(sha256(attachment.content), signature, key.publicKeyPem)).toMatchObject({ ok: true });
    }
    expect(mails.map((mail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text).sort()).toEqual(['auditor@example.com', flakyRecipient]);
    const log = (await api.http().get(`/v1/reports/${report.id}/deliveries`).set(bearer(tenant.token)).expect(200)).body.items;
    const flaky = log.filter((attempt: { recipient: string }) => attempt.recipient === flakyRecipient);
    expect(flaky.map((attempt: { attempt: number; outcome: string }) => [attempt.attempt, attempt.outcome])).toEqual([
      [1, 'retryable'],
      [2, 'delivered'],
    ]);
    expect(flaky[0].error).toContain('451');
    expect(log.find((attempt: { recipient: string }) => attempt.recipient === 'auditor@example.com')).toMatchObject({ attempt: 1, outcome: 'delivered', attached: true });
  });

  it('links a report above the attachment limit instead of attaching it', async () => {
    // The same installation, configured to attach nothing: a worker with REPORT_EMAIL_ATTACH_MAX_BYTES=0.
    await worker.stop();
    worker = await startWorker({ ...api.config, reports: { ...api.config.reports, attachMaxBytes: 0 } }, { database: api.database, serveMetrics: false });
    const report = (await api.http().get(`/v1/reports?scheduleId=${scheduleId}`).set(bearer(tenant.token)).expect(200)).body.items[0];
    const sent = mails.length;
    await reportsQueue.add(reportJobNames.email, { tenantId: tenant.tenantId, reportId: report.id, recipient: 'big@example.com' }, { attempts: 1 });
    await expect.poll(() => mails.length, { timeout: 30_000, interval: 100 }).toBe(sent + 1);
    const mail = mails[sent]!;
    expect(mail.attachments).toEqual([]);
    expect(mail.text).toContain(`https://meshguard.test/v1/reports/${report.id}/download`);
    expect(mail.text).toContain(report.digest);
    const log = (await api.http().get(`/v1/reports/${report.id}/deliveries`).set(bearer(tenant.token)).expect(200)).body.items;
    expect(log.find((attempt: { recipient: string }) => attempt.recipient === 'big@example.com')).toMatchObject({ outcome: 'delivered', attached: false });
  });

  it('stops when deleted: its job scheduler is gone and a leftover tick makes no report', async () => {
    await api.http().delete(`/v1/report-schedules/${scheduleId}`).set(bearer(tenant.token)).expect(204);
    await api.http().get(`/v1/report-schedules/${scheduleId}`).set(bearer(tenant.token)).expect(404);
    expect(await reportsQueue.getJobScheduler(reportSchedulerId({ tenantId: tenant.tenantId, scheduleId }))).toBeUndefined();
    const before = (await api.http().get(`/v1/reports?scheduleId=${scheduleId}`).set(bearer(tenant.token)).expect(200)).body.items.length;
    const tick = await reportsQueue.add(reportJobNames.scheduled, { tenantId: tenant.tenantId, scheduleId });
    await expect.poll(async () => (await reportsQueue.getJob(tick.id!))?.returnvalue, { timeout: 30_000, interval: 100 }).toEqual({ outcome: 'schedule-gone' });
    const after = (await api.http().get(`/v1/reports?scheduleId=${scheduleId}`).set(bearer(tenant.token)).expect(200)).body.items.length;
    expect(after).toBe(before);
    const audit = await api.http().get('/v1/audit-events?action=report-schedule.delete').set(bearer(tenant.token)).expect(200);
    expect(audit.body.items.map((event: { targetId: string }) => event.targetId)).toEqual([scheduleId]);
  });
});
