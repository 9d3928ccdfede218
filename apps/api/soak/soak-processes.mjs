// The soak's own infrastructure and meshguard processes: a dedicated redis-server (so the shared one is never
// disturbed), a throwaway PostgreSQL database, the API and the workers, each restartable and killable by the runner.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const apiMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const workerMain = fileURLToPath(new URL('../../worker/dist/main.js', import.meta.url));

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A redis-server of the soak's own, with an append-only file so a restart keeps the queues as a real one would. */
export async function startRedis() {
  const dir = await mkdtemp(join(tmpdir(), 'mg-soak-redis-'));
  const port = await freePort();
  let child;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    for (let i = 0; i < 100 && !output.includes('Ready to accept connections'); i++) {
      if (child.exitCode !== null) throw new Error(`redis-server exited:\n${output}`);
      await sleep(100);
    }
    if (!output.includes('Ready to accept connections')) throw new Error(`redis-server did not start:\n${output}`);
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    async remove() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Admin statements against the soak's database: kill the app's connections, refuse new ones for a while. */
export function databaseFaults(adminUrl, name) {
  const run = async (sql) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rowCount ?? 0;
    } finally {
      await client.end();
    }
  };
  const terminate = () =>
    run(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  return {
    terminate,
    async down() {
      await run(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      return terminate();
    },
    up: () => run(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`),
  };
}

/** One meshguard process (API or worker) whose output goes to a log file; it can be SIGKILLed and started again. */
export function meshguardProcess(kind, env, logDir) {
  const main = kind === 'api' ? apiMain : workerMain;
  let child;
  let tail = '';
  let starts = 0;
  const logFile = join(logDir, `${env.SOAK_NAME}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const keep = (chunk) => {
    log.write(chunk);
    tail = (tail + chunk).slice(-16_384);
  };
  const self = {
    name: env.SOAK_NAME,
    logFile,
    get pid() {
      return child?.pid;
    },
    get starts() {
      return starts;
    },
    tail: () => tail,
    /** Starts the process and waits until it serves (API: /healthz answers) or consumes (worker: its start line). */
    async start(ready) {
      starts++;
      tail = '';
      log.write(`\n--- start ${starts} at ${new Date().toISOString()} ---\n`);
      child = spawn(process.execPath, [main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      for (let i = 0; i < 1200; i++) {
        if (child.exitCode !== null) throw new Error(`${self.name} exited (${child.exitCode}):\n${tail}`);
        if (await ready(tail)) return;
        await sleep(100);
      }
      throw new Error(`${self.name} did not get ready:\n${tail}`);
    },
    alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    /** Sends `signal`; a process that has not exited 15 s later (a graceful stop still draining) is SIGKILLed. */
    async kill(signal = 'SIGKILL') {
      if (!self.alive()) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(late);
    },
    /** Resident memory in MB from /proc (every thread of the process), undefined when it is not running. */
    async rssMb() {
      if (!self.alive()) return undefined;
      try {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
        return Number.isFinite(kb) ? kb / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
  };
  return self;
}
