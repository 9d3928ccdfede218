import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../src/index.js';

const run = promisify(execFile);

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!kubectlAvailable())('kubectl against the simulator', () => {
  let sim: RunningSimulator;
  let dir: string;
  const kubeconfigs: Record<string, string> = {};

  /** Runs kubectl with its own discovery cache dir (never the user's) and returns stdout, stderr and exit code. */
  async function kubectl(
    config: string,
    ...args: string[]
  ): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await run(
        'kubectl',
        [
          '--kubeconfig',
          kubeconfigs[config]!,
          '--cache-dir',
          join(dir, 'cache'),
          '--request-timeout=30s',
          ...args,
        ],
        { maxBuffer: 256 * 1024 * 1024, timeout: 60_000 },
      );
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      return {
        stdout: e.stdout ?? '',
        stderr: e.stderr ?? '',
        code: typeof e.code === 'number' ? e.code : -1,
      };
    }
  }

  beforeAll(async () => {
    sim = await startSimulator({ preset: 'S' });
    dir = mkdtempSync(join(tmpdir(), 'k8s-sim-kubectl-'));
    for (const [name, options] of Object.entries({
      reader: { token: 'read-only' },
      noSecrets: { token: 'forbidden-secrets' },
      cert: { token: 'read-only', clientCert: true },
    })) {
      kubeconfigs[name] = join(dir, `${name}.yaml`);
      writeFileSync(kubeconfigs[name]!, sim.kubeconfig(options), { mode: 0o600 });
    }
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('kubectl get pods -A prints every pod through paginated Table responses', async () => {
    const res = await kubectl('reader', 'get', 'pods', '-A');
    expect(res.stderr).toBe('');
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines).toHaveLength(sim.counts().pods! + 1);
    expect(lines.some((l) => /^kube-system\s+kube-proxy-\S+\s+1\/1\s+Running\s+0\s+\d+d$/.test(l))).toBe(
      true,
    );
    expect(sim.stats().byPath['GET /api/v1/pods']?.requests).toBeGreaterThanOrEqual(2);
  });

  it('kubectl get networkpolicies -A -o json returns every policy as a List', async () => {
    const res = await kubectl('reader', 'get', 'networkpolicies', '-A', '-o', 'json');
    expect(res.code).toBe(0);
    const list = JSON.parse(res.stdout) as {
      kind: string;
      items: { kind: string; metadata: { namespace: string }; spec: { podSelector: unknown } }[];
    };
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(sim.counts().networkpolicies!);
    expect(list.items.every((i) => i.kind === 'NetworkPolicy' && i.spec.podSelector !== undefined)).toBe(
      true,
    );
  });

  it('kubectl get pods -A -o json --chunk-size=100 pages through all pods', async () => {
    sim.resetStats();
    const res = await kubectl('reader', 'get', 'pods', '-A', '-o', 'json', '--chunk-size=100');
    expect((JSON.parse(res.stdout) as { items: unknown[] }).items).toHaveLength(sim.counts().pods!);
    expect(sim.stats().byPath['GET /api/v1/pods']?.requests).toBe(Math.ceil(sim.counts().pods! / 100));
  });

  it('kubectl auth can-i --list shows the read-only rules and the self-review grants', async () => {
    const res = await kubectl('reader', 'auth', 'can-i', '--list');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/m);
    expect(res.stdout).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[get list watch\]/m);
    expect(res.stdout).toMatch(
      /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/m,
    );
    expect(res.stdout).not.toMatch(/\[\*\]\s*$/m);
  });

  it('kubectl auth can-i and get agree with the forbidden-secrets scope', async () => {
    expect((await kubectl('noSecrets', 'auth', 'can-i', 'list', 'secrets', '-A')).stdout.trim()).toBe('no');
    expect((await kubectl('noSecrets', 'auth', 'can-i', 'list', 'networkpolicies', '-A')).stdout.trim()).toBe(
      'yes',
    );
    const denied = await kubectl('noSecrets', 'get', 'secrets', '-A');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "sim:forbidden-secrets" cannot list resource "secrets"',
    );
  });

  it('kubectl works with a client-certificate kubeconfig', async () => {
    const res = await kubectl('cert', 'get', 'namespaces');
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(sim.counts().namespaces! + 1);
    expect((await kubectl('cert', 'auth', 'whoami')).stdout).toContain('sim:read-only');
  });
});
