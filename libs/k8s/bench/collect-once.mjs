// One collection in a fresh process; prints its duration and peak memory as JSON.
// Usage: node bench/collect-once.mjs <kubeconfig>
import { readFile } from 'node:fs/promises';
import { collectSnapshot, prepareClusterAccess } from '../dist/index.js';

const kubeconfig = await readFile(process.argv[2], 'utf8');
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const target = await prepareClusterAccess(kubeconfig, { allowedAddresses: ['127.0.0.1'] });
const result = await collectSnapshot(target);
const ms = performance.now() - started;
const heapAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
process.stdout.write(
  JSON.stringify({
    ms,
    status: result.status,
    objects: result.stats.objects,
    requests: result.stats.requests,
    retries: result.stats.retries,
    baselineRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapAfterMb,
    collected: result.kinds
      .filter((k) => k.outcome === 'collected')
      .map((k) => ({ kind: k.kind, apiVersion: k.apiVersion })),
  }) + '\n',
);
