import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDataDirectory, type TestDataDirectory } from '@meshguard/db/testing';
import { closedLocalPort } from '@meshguard/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What `npm start` runs, read from the root package.json so the test follows the script: built output, embedded
// database, no DATABASE_URL.
const startScript: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).scripts.start;
const entry = fileURLToPath(new URL(`../../../${startScript.match(/node (\S+\.js)/)?.[1] ?? 'missing-entry'}`, import.meta.url));
let dataDirectory: TestDataDirectory;

beforeAll(async () => {
  dataDirectory = await createTestDataDirectory();
});

afterAll(async () => {
  await dataDirectory.remove();
});

function start(port: number): { child: ChildProcess; output: () => string } {
  const { DATABASE_URL: _unset, ...env } = process.env;
  const child = spawn(process.execPath, [entry], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDirectory.dataDir, QUEUE_PREFIX: `mgtest-${randomUUID().slice(0, 8)}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForReady(port: number, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

describe('npm start (API and worker in one process on the embedded database)', () => {
  it('answers /healthz and /readyz, serves /openapi.json, and exits 0 on SIGTERM', async () => {
    const port = await closedLocalPort();
    const { child, output } = start(port);
    try {
      await waitForReady(port, 90_000);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const openapi = (await (await fetch(`http://127.0.0.1:${port}/openapi.json`)).json()) as { paths: object };
      expect(Object.keys(openapi.paths)).toContain('/readyz');
      // npm start runs a bundle (scripts/bundle-all-in-one.mjs): the document it builds from decorator metadata and
      // class names is the committed contract, so bundling lost neither.
      expect(openapi).toEqual(JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')));
      // The worker's modules load after ready (lazily, to keep start-up fast): on a busy CI machine that takes seconds.
      await expect.poll(output, { timeout: 60_000 }).toContain('worker consuming queues');
      expect(output()).toContain(`meshguard is running at http://127.0.0.1:${port}`);
      // First start on an empty database: one tenant and its owner key, printed once, and the key works.
      const token = output().match(/mgk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/)?.[0];
      expect(token).toBeDefined();
      const tenant = await fetch(`http://127.0.0.1:${port}/v1/tenant`, { headers: { Authorization: `Bearer ${token}` } });
      expect(tenant.status).toBe(200);
      expect(output()).toMatch(/generated a master key/);
      // Not a terminal: logs are JSON lines; the key is in the banner only, never in a log line.
      const logLines = output().split('\n').filter((line) => line.startsWith('{'));
      const logs = logLines.map((line) => JSON.parse(line) as { msg?: string; url?: string });
      expect(logs.find((log) => log.msg === 'meshguard is running')?.url).toBe(`http://127.0.0.1:${port}`);
      expect(logLines.some((line) => line.includes(token!))).toBe(false);
    } finally {
      const code = await stop(child);
      expect(code, output()).toBe(0);
    }
  }, 150_000);

  it('starts again on the same data directory, with nothing left to migrate, and exits 0 on SIGTERM while clients keep asking', async () => {
    const port = await closedLocalPort();
    const { child, output } = start(port);
    const clients: Array<Promise<number>> = [];
    try {
      await waitForReady(port, 90_000);
      expect(output()).not.toMatch(/applied migration/i);
      expect(output()).not.toMatch(/mgk_/);
      // Keep-alive clients asking back to back, as a load balancer's health checks or a dashboard do.
      for (let client = 0; client < 4; client += 1) clients.push(askUntilRefused(`http://127.0.0.1:${port}/healthz`));
      await new Promise((settle) => setTimeout(settle, 300));
    } finally {
      const code = await stop(child);
      expect(code, output()).toBe(0);
    }
    expect((await Promise.all(clients)).every((answers) => answers > 0)).toBe(true);
  }, 150_000);
});

/** Asks `url` over and over until the server stops answering; resolves with how many answers it got. */
async function askUntilRefused(url: string): Promise<number> {
  let answers = 0;
  for (;;) {
    try {
      await (await fetch(url)).arrayBuffer();
      answers += 1;
    } catch {
      return answers;
    }
  }
}
