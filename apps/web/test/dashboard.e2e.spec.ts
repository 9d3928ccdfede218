import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, overflowsHorizontally, screenshot, seriousViolations } from './support/browser.js';
import { startStack, type Stack } from './support/stack.js';

// The dashboard in Debian's Chromium against a real API (serving the built app), worker and simulated cluster:
// the journeys of issue #13, with axe-core checks and screenshots of every page, at 1280 and 390 px.

let stack: Stack;
let browser: Browser;
let clusterId: string;
let otherClusterId: string;
let auditorToken: string;
let auditorKeyId: string;

const wait = { timeout: 90_000 };

let demoClusterId: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
});

/** Two more simulated clusters, registered through the API once the demo cluster is in. */
async function registerPaymentsClusters(): Promise<void> {
  const kubeconfig = stack.simulator.kubeconfig({ token: 'read-only' });
  const registered = await stack.owner.POST('/v1/clusters', { body: { name: 'payments-prod', labels: { env: 'prod', team: 'payments' }, kubeconfig } });
  expect(registered.response.status, JSON.stringify(registered.error)).toBe(201);
  clusterId = registered.data!.cluster.id;
  const second = await stack.owner.POST('/v1/clusters', { body: { name: 'payments-staging', labels: { env: 'staging' }, kubeconfig } });
  otherClusterId = second.data!.cluster.id;
}

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  return { context, page };
}

/** A link of the main navigation (page content may link to the same places). */
function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
}

/** Signs in through the form with the keyboard only: Tab to the key field, type, Enter. */
async function signInWithKeyboard(page: Page, token: string): Promise<void> {
  for (let presses = 0; presses < 15; presses++) {
    if (await page.evaluate(() => document.activeElement?.id === 'api-key')) break;
    await page.keyboard.press('Tab');
  }
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
  await page.keyboard.type(token);
  await page.keyboard.press('Enter');
}

async function scanToCompletion(id: string): Promise<void> {
  const requested = await stack.owner.POST('/v1/clusters/{id}/scans', { params: { path: { id } } });
  const scanId = requested.data!.id;
  await expect
    .poll(async () => (await stack.owner.GET('/v1/scans/{id}', { params: { path: { id: scanId } } })).data?.status, { timeout: 90_000, interval: 500 })
    .toMatch(/^(succeeded|partial)$/);
}

describe('served by the API', () => {
  it('serves the app at / and at client routes with a strict CSP, and keeps API routes and docs', async () => {
    const root = await fetch(`${stack.baseUrl}/`, { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    const csp = root.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await root.text();
    expect(html).toContain('<div id="root">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const deep = await fetch(`${stack.baseUrl}/clusters/${clusterId}`, { headers: { accept: 'text/html' } });
    expect(await deep.text()).toBe(html);
    const unknownApi = await fetch(`${stack.baseUrl}/v1/nothing-here`, { headers: { accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${stack.baseUrl}/docs`)).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe('an owner', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ context, page } = await newPage()));
  afterAll(() => context?.close());

  it('is refused with the reason for an unknown key, then signs in with the keyboard', async () => {
    await page.goto(stack.baseUrl);
    await page.getByRole('heading', { name: 'Sign in to meshguard', exact: true }).waitFor();
    await expect.poll(() => page.getByText('prints the first owner key').count()).toBe(1);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await signInWithKeyboard(page, `mgk_aaaaaaaaaaaa_${'A'.repeat(43)}`);
    await page.getByText('The API does not know this key').waitFor();
    await page.getByLabel('API key').fill('');
    await signInWithKeyboard(page, stack.tenant.token);
    await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
    expect(await page.evaluate(() => window.location.href)).not.toContain(stack.tenant.token);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('adds the demo cluster from the empty fleet and sees it scanned', async () => {
    const add = page.getByRole('button', { name: 'Add a demo cluster' });
    await add.waitFor();
    await expectAccessible(page, 'fleet (empty)');
    await screenshot(page, 'fleet-empty');
    await add.click();
    // The fleet is no longer empty and polls while the scan runs; the demo cluster then shows a score and current coverage.
    await page.getByRole('region', { name: 'Clusters' }).getByRole('link', { name: 'meshguard-demo' }).waitFor(wait);
    await page.locator('td .coverage-current').first().waitFor(wait);
    expect(await page.locator('td .score:not(.score-none)').count()).toBe(1);
    const demo = await stack.owner.GET('/v1/demo-cluster');
    demoClusterId = demo.data!.cluster!.id;
    expect(demo.data!.cluster!.schedule).toMatchObject({ cron: '*/5 * * * *' });
    await screenshot(page, 'fleet-demo');
  });

  it('sees the never-scanned fleet, scans a cluster from its page and sees its score', async () => {
    await registerPaymentsClusters();
    await page.reload();
    await page.getByRole('link', { name: 'payments-prod' }).waitFor();
    expect(await page.locator('td .coverage-never-scanned').count()).toBe(2);
    await expectAccessible(page, 'fleet (never scanned)');
    await page.getByRole('link', { name: 'payments-prod' }).click();
    await page.getByRole('heading', { name: 'payments-prod', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByText(/A scan is (queued|running)/).waitFor();
    await page.getByRole('heading', { name: 'Posture', exact: true }).waitFor(wait);
    await page.getByText('Score per framework').waitFor();
    await page.locator('canvas').first().waitFor();
    await expectAccessible(page, 'cluster');
    await screenshot(page, 'cluster');
  });

  it('saves a schedule, and a bad cron comes back as a readable problem with its correlation id', async () => {
    const cron = page.getByLabel('Cron');
    await cron.fill('every day at noon');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Saving the schedule failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Correlation id: \S+/);
    await cron.fill('0 4 * * *');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Schedule saved.').waitFor();
    const saved = await stack.owner.GET('/v1/clusters/{id}', { params: { path: { id: clusterId } } });
    expect(saved.data!.schedule).toMatchObject({ cron: '0 4 * * *' });
  });

  it('compares the cluster with another (drift)', async () => {
    await scanToCompletion(otherClusterId);
    await page.getByLabel('Compare with').selectOption({ label: 'payments-staging' });
    await page.getByText('No drift').or(page.getByRole('region', { name: 'Drift' })).first().waitFor(wait);
  });

  it('goes fleet → cluster → finding and creates an exception, then sees the finding excepted after a scan', async () => {
    await navLink(page, 'Fleet').click();
    await page.getByRole('link', { name: 'payments-prod' }).waitFor();
    await expect.poll(() => page.locator('td .coverage-never-scanned').count(), { timeout: 60_000 }).toBe(0);
    expect(await page.locator('td .score:not(.score-none)').count()).toBe(3);
    await page.getByLabel('Group by label').selectOption('env');
    await page.getByRole('region', { name: 'Groups by env' }).getByText('staging').waitFor();
    await expectAccessible(page, 'fleet');
    await screenshot(page, 'fleet');
    await page.getByRole('link', { name: 'payments-prod' }).click();
    await page.getByRole('link', { name: 'Open findings' }).click();
    await page.getByRole('heading', { name: 'Findings', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Findings' }).waitFor();
    await page.getByLabel('Severity').selectOption('high');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain('severity=high');
    await page.getByRole('region', { name: 'Findings' }).getByText('high').first().waitFor();
    await expectAccessible(page, 'findings');
    await screenshot(page, 'findings');
    await page.getByRole('region', { name: 'Findings' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'How to fix it', exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Why it matters', exact: true }).waitFor();
    expect(await page.getByTestId('finding-status').textContent()).toBe('open');
    await expectAccessible(page, 'finding');
    await screenshot(page, 'finding');
    await page.getByLabel('Justification').fill('Behind the mesh gateway until the Q3 migration.');
    await page.getByLabel('Owner').fill('payments-team');
    await page.getByRole('button', { name: 'Create exception' }).click();
    await page.getByText('Exception created.').waitFor();
    await page.getByRole('button', { name: 'Scan now to apply it' }).click();
    await expect.poll(() => page.getByTestId('finding-status').textContent(), { timeout: 90_000, interval: 500 }).toBe('excepted by an exception');
    await page.getByText('payments-team').first().waitFor();
    await screenshot(page, 'finding-excepted');
  });

  it('opens the network view of the demo cluster and asks whether one workload can reach another', async () => {
    const model = await stack.owner.GET('/v1/clusters/{id}/connectivity', { params: { path: { id: demoClusterId } } });
    expect(model.response.status).toBe(200);
    const [from, to] = model.data!.workloads.map((workload) => workload.key);
    await page.goto(`${stack.baseUrl}/clusters/${demoClusterId}`);
    await page.getByRole('link', { name: 'Network', exact: true }).click();
    await page.getByRole('heading', { name: 'Network of meshguard-demo', exact: true }).waitFor();
    await page.getByText('Allowed connections between').waitFor();
    await page.locator('canvas').first().waitFor();
    await page.getByRole('region', { name: 'Allowed connections' }).waitFor();
    await page.getByLabel('From (workload or IP)').fill(from!);
    await page.getByLabel('To (workload or IP)').fill(to!);
    await page.getByLabel('Port (optional)').fill('80/TCP');
    await page.getByRole('button', { name: 'Check' }).click();
    const answer = page.locator('.query-answer');
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/(allowed|denied|partially allowed): .+ → .+ on TCP 80/);
    expect(await page.getByRole('region', { name: 'Why' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'network');
    await screenshot(page, 'network');
    await page.getByLabel('From (workload or IP)').fill('nowhere/nothing');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByRole('alert').filter({ hasText: 'The connection query failed' }).waitFor();
  });

  it('generates a PDF report, downloads it, sees its digest and signature, and schedules reports', async () => {
    await navLink(page, 'Reports').click();
    await page.getByRole('heading', { name: 'Generate a report', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByText('Requested 1 report(s)').waitFor();
    const list = page.getByRole('region', { name: 'Report list' });
    const download = list.getByRole('button', { name: /^Download cis-k8s-v1\.10 PDF report$/ });
    await download.waitFor(wait);
    await list.getByText('Signed by key').waitFor();
    expect(await list.getByText(/^sha256:[0-9a-f]{12}…$/).count()).toBeGreaterThan(0);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    const bytes = readFileSync(await file.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    await page.getByText('Public key (PEM)').first().waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Weekly CIS');
    await page.getByLabel('Time zone (IANA)').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const schedules = page.getByRole('region', { name: 'Report schedules' });
    await schedules.getByText('Weekly CIS').waitFor();
    expect(await schedules.locator('tbody li').count()).toBe(3);
    await expectAccessible(page, 'reports');
    await screenshot(page, 'reports');
  });

  it('lists the exception, and creates an auditor key whose token is shown once', async () => {
    await navLink(page, 'Exceptions').click();
    await page.getByRole('region', { name: 'Exceptions' }).getByText('payments-team').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke' }).count()).toBe(1);
    await expectAccessible(page, 'exceptions');
    await screenshot(page, 'exceptions');
    await navLink(page, 'Settings').click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('read-only-dashboard');
    await page.getByLabel('Role').selectOption('auditor');
    await page.getByRole('button', { name: 'Create key' }).click();
    auditorToken = await page.getByTestId('new-api-key').inputValue();
    expect(auditorToken).toMatch(/^mgk_/);
    await page.getByRole('region', { name: 'API keys' }).getByText('read-only-dashboard').waitFor();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Audit events' }).getByText('api-key.create').waitFor();
    await expectAccessible(page, 'settings');
    await screenshot(page, 'settings');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByTestId('new-api-key').waitFor({ state: 'detached' });
    const keys = await stack.owner.GET('/v1/api-keys');
    auditorKeyId = keys.data!.items.find((key) => key.name === 'read-only-dashboard')!.id;
  });

  it('signs out, which forgets the key', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You signed out').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to meshguard', exact: true }).waitFor();
  });
});

describe('an auditor', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ context, page } = await newPage()));
  afterAll(() => context?.close());

  it('sees no write action on any page', async () => {
    await page.goto(`${stack.baseUrl}/clusters/${clusterId}`);
    await signInWithKeyboard(page, auditorToken);
    await page.getByRole('heading', { name: 'payments-prod', exact: true }).waitFor();
    await page.getByTestId('signed-in-as').getByText('auditor').waitFor();
    await page.getByRole('heading', { name: 'Posture', exact: true }).waitFor(wait);
    expect(await page.getByRole('button', { name: 'Scan now' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save schedule' }).count()).toBe(0);
    await page.getByText('Scanned on schedule 0 4 * * *').waitFor();
    await page.getByRole('link', { name: 'Open findings' }).click();
    await page.getByRole('region', { name: 'Findings' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'How to fix it', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Create exception' }).count()).toBe(0);
    await navLink(page, 'Exceptions').click();
    await page.getByRole('region', { name: 'Exceptions' }).getByText('payments-team').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    await navLink(page, 'Reports').click();
    await page.getByRole('region', { name: 'Report schedules' }).getByText('Weekly CIS').waitFor();
    await page.getByRole('region', { name: 'Report list' }).getByRole('button', { name: /^Download / }).first().waitFor();
    expect(await page.getByRole('button', { name: /^(Generate|Create schedule|Delete)/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Generate a report' }).count()).toBe(0);
    await expectAccessible(page, 'reports (auditor)');
    await screenshot(page, 'reports-auditor');
    await navLink(page, 'Fleet').click();
    await page.getByRole('link', { name: 'payments-prod' }).waitFor();
    expect(await page.getByRole('button', { name: /demo cluster/ }).count()).toBe(0);
    await navLink(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    await page.getByText('managed with an owner key').waitFor();
    expect(await page.getByRole('button').allTextContents()).toEqual(['Sign out']);
    await expectAccessible(page, 'settings (auditor)');
    await screenshot(page, 'settings-auditor');
  });

  it('is sent back to sign-in and told the key was revoked', async () => {
    await stack.owner.DELETE('/v1/api-keys/{id}', { params: { path: { id: auditorKeyId } } });
    await page.goto(stack.baseUrl);
    await page.getByText('This API key was revoked').waitFor(wait);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});

describe('on a phone-sized screen', () => {
  it('every page fits 390 px without sideways scrolling of the page', async () => {
    const { context, page } = await newPage(390);
    try {
      await page.goto(stack.baseUrl);
      await page.getByLabel('API key').fill(stack.tenant.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Fleet', exact: true }).waitFor();
      const pages: [string, string, string][] = [
        ['fleet-390', '/', 'Fleet'],
        ['cluster-390', `/clusters/${clusterId}`, 'payments-prod'],
        ['findings-390', `/findings?clusterId=${clusterId}`, 'Findings'],
        ['exceptions-390', '/exceptions', 'Exceptions'],
        ['reports-390', '/reports', 'Reports'],
        ['network-390', `/clusters/${demoClusterId}/network`, 'Network of meshguard-demo'],
        ['settings-390', '/settings', 'Settings'],
      ];
      for (const [name, path, heading] of pages) {
        await page.goto(`${stack.baseUrl}${path}`);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page.waitForLoadState('networkidle');
        expect(await overflowsHorizontally(page), name).toBe(false);
        await expectAccessible(page, name);
        await screenshot(page, name);
      }
    } finally {
      await context.close();
    }
  });
});
