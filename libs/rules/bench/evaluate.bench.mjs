// Rules benchmark: evaluates the whole catalog over simulator presets M and L and reports the time as a ratio to
// JSON.parse of the same snapshot (the floor, measured in the same process), plus peak memory.
// Each preset runs in its own child process so peak RSS is that preset's alone. Run with `npm run bench`.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const presets = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const child = process.argv.includes('--child');

if (!child) {
  const results = [];
  for (const preset of presets.length ? presets : ['M', 'L']) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', fileURLToPath(import.meta.url), preset, '--child'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    results.push(JSON.parse(out.trim().split('\n').pop()));
  }
  console.log(
    '\nmeshguard rules bench (catalog over simulator presets; ratio = evaluate / JSON.parse of the same snapshot)',
  );
  console.log(
    '"rules" = the catalog without the 3 rules that run the reachability engine; "all" = the whole catalog (engine model + lateral paths included)',
  );
  console.log(
    'preset  objects   snapshot MB  JSON.parse ms  rules ms  ratio  findings  all ms  ratio all  CPU ratio rules/all  peak RSS MB  heap after MB',
  );
  for (const r of results) {
    console.log(
      `${r.preset.padEnd(6)}  ${String(r.objects).padStart(7)}  ${r.snapshotMb.toFixed(1).padStart(11)}  ${r.parseMs.toFixed(0).padStart(13)}  ${r.evaluateMs.toFixed(0).padStart(8)}  ${r.ratio.toFixed(2).padStart(5)}  ${String(r.findings).padStart(8)}  ${r.fullMs.toFixed(0).padStart(6)}  ${r.fullRatio.toFixed(2).padStart(9)}  ${`${r.cpuRatio.toFixed(2)} / ${r.fullCpuRatio.toFixed(2)}`.padStart(19)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${r.heapAfterMb.toFixed(0).padStart(13)}`,
    );
  }
  const large = results.find((r) => r.preset === 'L');
  if (large)
    console.log(
      `target: ratio <= 2 at L for the whole catalog — ${large.fullRatio <= 2 ? 'met' : 'NOT met'} (all ${large.fullRatio.toFixed(2)} wall, ${large.fullCpuRatio.toFixed(2)} CPU; without the engine's rules ${large.ratio.toFixed(2)})`,
    );
  process.exit(0);
}

const { generateCluster } = await import('@meshguard/k8s-sim');
const { catalog, evaluateRules, snapshotKinds } = await import('@meshguard/rules');
const { snapshotKindOf } = await import('@meshguard/rules/testing');

const preset = presets[0] ?? 'M';
const key = Buffer.from('bench-digest-key');
const resources = {};
let objects = 0;
for (const object of generateCluster(preset)) {
  const kind = snapshotKindOf(object.apiVersion, object.kind);
  if (!kind) continue;
  objects += 1;
  if (kind === 'secrets') {
    const data = {};
    for (const [name, value] of Object.entries({ ...(object.data ?? {}), ...(object.stringData ?? {}) })) {
      data[name] = {
        hmac: createHmac('sha256', key).update(String(value)).digest('hex'),
        bytes: String(value).length,
      };
    }
    const { stringData: _s, ...rest } = object;
    (resources[kind] ??= []).push({ ...rest, data });
  } else (resources[kind] ??= []).push(object);
}
for (const kind of Object.keys(snapshotKinds)) if (!snapshotKinds[kind].optional) resources[kind] ??= [];
const text = JSON.stringify({
  schemaVersion: 1,
  source: { type: 'cluster', location: `k8s-sim preset ${preset}` },
  collectedAt: '2026-01-01T00:00:00Z',
  serverVersion: { major: '1', minor: '32', gitVersion: 'v1.32.9' },
  resources,
  coverage: { gaps: [] },
});

// Wall time and CPU time (main thread plus GC helpers) of the best run; on a shared machine CPU time is the steadier.
const best = (runs, fn) => {
  let min = Infinity;
  let minCpu = Infinity;
  let last;
  for (let i = 0; i < runs; i += 1) {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    last = fn();
    min = Math.min(min, performance.now() - start);
    const used = process.cpuUsage(cpu);
    minCpu = Math.min(minCpu, (used.user + used.system) / 1000);
  }
  return { ms: min, cpuMs: minCpu, value: last };
};

// Rules that run the NetworkPolicy reachability engine (model build, multi-hop paths) are measured separately:
// their cost is the engine's (see the netpol bench), the rest is the catalog's own.
const reachabilityRules = new Set(['namespace-environment-reachable', 'netpol-exposed-lateral-path', 'netpol-default-deny-neutralised']);
const localRules = catalog.filter((rule) => !reachabilityRules.has(rule.id));
const parse = best(3, () => JSON.parse(text));
// Each evaluation gets a fresh snapshot object, so per-snapshot caches (pod specs, policies) are rebuilt every run.
let snapshots = [JSON.parse(text), JSON.parse(text), JSON.parse(text)];
let run = 0;
const evaluation = best(3, () => evaluateRules(snapshots[run++], localRules));
snapshots = [JSON.parse(text)];
globalThis.gc?.();
const full = best(1, () => evaluateRules(snapshots[0], catalog));
snapshots = [];
globalThis.gc?.();
const result = {
  preset,
  objects,
  snapshotMb: text.length / 1e6,
  parseMs: parse.ms,
  evaluateMs: evaluation.ms,
  ratio: evaluation.ms / parse.ms,
  findings: evaluation.value.findings.length,
  fullMs: full.ms,
  fullRatio: full.ms / parse.ms,
  cpuRatio: evaluation.cpuMs / parse.cpuMs,
  fullCpuRatio: full.cpuMs / parse.cpuMs,
  fullFindings: full.value.findings.length,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  heapAfterMb: process.memoryUsage().heapUsed / 1e6,
};
console.log(JSON.stringify(result));
