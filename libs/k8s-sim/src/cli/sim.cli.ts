#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { optionalKindFamilies, type OptionalKindFamily } from '../generator/optional-kinds-builder.js';
import type { PresetName } from '../generator/presets.js';
import type { FaultOptions } from '../faults/fault-injector.js';
import { startSimulator } from '../simulator.js';

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer between ${min} and ${max}.`);
    return n;
  };
}

function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('must be a number between 0 and 1.');
  return n;
}

function families(value: string): OptionalKindFamily[] {
  const list = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  const unknown = list.filter((v) => !optionalKindFamilies.includes(v as OptionalKindFamily));
  if (unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown extras ${unknown.join(', ')}; choose from ${optionalKindFamilies.join(', ')}.`,
    );
  return list as OptionalKindFamily[];
}

interface CliOptions {
  preset?: PresetName;
  seed: number;
  manifests?: string;
  port: number;
  host: string;
  kubeconfigOut?: string;
  tokenScope: string;
  clientCert?: boolean;
  context: string;
  extras?: OptionalKindFamily[];
  latencyMs?: number;
  errorRate?: number;
  throttleRate?: number;
  resetRate?: number;
  expireRate?: number;
  slowPageRate?: number;
  faultSeed?: number;
  churnEveryS?: number;
  churnSeed?: number;
}

const program = new Command('k8s-sim')
  .description(
    'Simulated Kubernetes API server over HTTPS (self-signed CA) for meshguard tests, demos and benchmarks.',
  )
  .addOption(new Option('--preset <name>', 'synthetic cluster size').choices(['demo', 'S', 'M', 'L']))
  .option('--seed <n>', 'seed of the synthetic generator', integer('--seed', 0, 2 ** 31 - 1), 42)
  .option(
    '--manifests <dir>',
    'serve the YAML/JSON manifests under this folder (multi-document files and List kinds are expanded)',
  )
  .option('--port <n>', 'port to listen on (0 = any free port)', integer('--port', 0, 65535), 6443)
  .option('--host <addr>', 'address to listen on', '127.0.0.1')
  .option('--kubeconfig-out <file>', 'write the kubeconfig here instead of printing it')
  .option(
    '--token-scope <scope>',
    'credential of the printed kubeconfig: read-only, write-capable, forbidden-secrets, forbidden-rbac, limited-writer, namespace-reader, no-access',
    'read-only',
  )
  .option(
    '--client-cert',
    'authenticate with a client certificate (same permissions as --token-scope) instead of a bearer token',
  )
  .option('--context <name>', 'context name in the kubeconfig', 'k8s-sim')
  .option('--extras <families>', `optional APIs to generate (${optionalKindFamilies.join(',')})`, families)
  .option('--latency-ms <n>', 'added latency per request', integer('--latency-ms', 0, 60_000))
  .option('--error-rate <p>', 'fraction of resource requests answered 500', rate)
  .option('--throttle-rate <p>', 'fraction of resource requests answered 429 with Retry-After', rate)
  .option('--reset-rate <p>', 'fraction of list responses cut by a connection reset', rate)
  .option('--expire-rate <p>', 'fraction of continue requests answered 410 Expired', rate)
  .option('--slow-page-rate <p>', 'fraction of list pages delayed by 2 s', rate)
  .option('--fault-seed <n>', 'seed of fault decisions', integer('--fault-seed', 0, 2 ** 31 - 1))
  .option('--churn-every-s <n>', 'every n seconds, break, fix and change a few things (deterministic from --churn-seed)', integer('--churn-every-s', 1, 86_400))
  .option('--churn-seed <n>', 'seed of the churn (default 7)', integer('--churn-seed', 0, 2 ** 31 - 1));

async function main(): Promise<void> {
  program.parse();
  const o = program.opts<CliOptions>();
  if (!o.preset && !o.manifests) {
    o.preset = 'demo';
  }
  const faults: FaultOptions = {
    ...(o.faultSeed !== undefined ? { seed: o.faultSeed } : {}),
    ...(o.latencyMs !== undefined ? { latencyMs: o.latencyMs } : {}),
    ...(o.errorRate !== undefined ? { serverErrorRate: o.errorRate } : {}),
    ...(o.throttleRate !== undefined ? { throttleRate: o.throttleRate } : {}),
    ...(o.resetRate !== undefined ? { resetRate: o.resetRate } : {}),
    ...(o.expireRate !== undefined ? { expireContinueRate: o.expireRate } : {}),
    ...(o.slowPageRate !== undefined ? { slowPageRate: o.slowPageRate } : {}),
  };
  const started = Date.now();
  const sim = await startSimulator({
    ...(o.preset ? { preset: o.preset } : {}),
    seed: o.seed,
    ...(o.manifests ? { manifestsDir: o.manifests } : {}),
    ...(o.extras ? { extras: o.extras } : {}),
    port: o.port,
    host: o.host,
    faults,
    ...(o.churnEveryS !== undefined
      ? { churn: { intervalMs: o.churnEveryS * 1000, ...(o.churnSeed !== undefined ? { seed: o.churnSeed } : {}) } }
      : {}),
  });
  let kubeconfig: string;
  try {
    kubeconfig = sim.kubeconfig({
      token: o.tokenScope,
      clientCert: o.clientCert === true,
      context: o.context,
    });
  } catch (error) {
    await sim.stop();
    throw error;
  }
  const counts = sim.counts();
  const summary = ['pods', 'namespaces', 'networkpolicies', 'services', 'secrets']
    .map((k) => `${counts[k] ?? 0} ${k}`)
    .join(', ');
  process.stderr.write(
    `k8s-sim listening on ${sim.url} (${o.preset ? `preset ${o.preset}` : 'manifests'}${o.manifests && o.preset ? ' + manifests' : ''}: ${summary}; ready in ${Date.now() - started} ms)\n`,
  );
  if (o.kubeconfigOut) {
    await writeFile(o.kubeconfigOut, kubeconfig, { mode: 0o600 });
    process.stderr.write(
      `kubeconfig (${o.clientCert ? 'client certificate' : 'token'} ${o.tokenScope}) written to ${o.kubeconfigOut}\n`,
    );
  } else {
    process.stdout.write(kubeconfig);
  }
  process.stderr.write('Press Ctrl-C to stop.\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`k8s-sim: ${signal}, stopping\n`);
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`k8s-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
