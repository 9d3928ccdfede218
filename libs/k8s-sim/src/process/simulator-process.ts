import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The built CLI, from sources (src/process) and from dist/process alike.
const simCli = fileURLToPath(new URL('../../dist/cli/sim.cli.js', import.meta.url));

export interface SimulatorProcess {
  kubeconfig: string;
  stop(): Promise<void>;
}

/**
 * The simulator in its own process (the built CLI; build this package first), so serving a large preset never shares
 * an event loop or a CPU budget with the process under test or with a test's timing probes.
 */
export async function startSimulatorProcess(preset: 'demo' | 'S' | 'M' | 'L'): Promise<SimulatorProcess> {
  const folder = await mkdtemp(join(tmpdir(), 'mg-sim-'));
  const kubeconfigPath = join(folder, 'kubeconfig.yaml');
  const child: ChildProcess = spawn(process.execPath, [simCli, '--preset', preset, '--port', '0', '--kubeconfig-out', kubeconfigPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('written to')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    kubeconfig: await readFile(kubeconfigPath, 'utf8'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
}
