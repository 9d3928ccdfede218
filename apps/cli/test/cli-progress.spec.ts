import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(here, '../bin/meshguard.js');

vi.setConfig({ testTimeout: 180_000 });

let simulator: RunningSimulator;
let dir: string;

beforeAll(async () => {
  simulator = await startSimulator({ preset: 'demo' });
  dir = mkdtempSync(join(tmpdir(), 'meshguard-cli-progress-'));
  writeFileSync(join(dir, 'kubeconfig.yaml'), simulator.kubeconfig());
});
afterAll(async () => {
  await simulator?.stop();
});

/** Runs the built CLI under a real pseudo-terminal (util-linux `script`), 120 columns wide, and returns what it drew. */
function inTerminal(args: string): Promise<string> {
  const command = `stty cols 120 rows 40; node ${bin} ${args}`;
  return new Promise((done, fail) => {
    execFile(
      'script',
      ['-qec', command, '/dev/null'],
      { cwd: dir, env: { ...process.env, HOME: dir, KUBECONFIG: '' }, maxBuffer: 8 * 2 ** 20 },
      (error, stdout) => (error ? fail(error) : done(stdout)),
    );
  });
}

function piped(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: dir, env: { ...process.env, HOME: dir, KUBECONFIG: '' } },
      (error, stdout, stderr) => (error ? fail(error) : done({ stdout, stderr })),
    );
  });
}

describe('progress on a terminal', () => {
  it('draws each phase live and leaves one ✔ line per phase', async () => {
    const screen = await inTerminal('scan --kubeconfig kubeconfig.yaml --format json --output report.json');
    const text = screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(text).toMatch(/Collecting \d+\/\d+ kinds, [\d,]+ objects · pods/);
    expect(text).toMatch(
      /✔ Collected [\d,]+ objects of \d+ kinds in \d+ pages from https:\/\/127\.0\.0\.1:\d+/,
    );
    expect(text).toMatch(/✔ Credentials checked/);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).source.type).toBe('cluster');
  });

  it('stays silent with --quiet, and when stderr is not a terminal; --verbose prints the phase timings', async () => {
    const quiet = (
      await inTerminal('scan --kubeconfig kubeconfig.yaml --format json --output quiet.json --quiet')
    ).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
    expect(quiet).not.toMatch(/Collecting|✔/);
    const { stderr } = await piped([
      'scan',
      '--kubeconfig',
      'kubeconfig.yaml',
      '--format',
      'json',
      '--verbose',
    ]);
    expect(stderr).not.toMatch(/Collecting|✔/);
    expect(stderr).toMatch(/phases: verify \d+(\.\d)? m?s, collect \d+(\.\d)? m?s, evaluate \d+(\.\d)? m?s/);
  });
});
