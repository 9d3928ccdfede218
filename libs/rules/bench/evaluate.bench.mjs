// Rules benchmark: evaluates the whole catalog over simulator presets M and L and reports the time as a ratio to
// JSON.parse of the same snapshot (the floor, measured in the same process), plus peak memory.
// Each preset runs in its own child process so peak RSS is that preset's alone. Run with `npm run bench`.
//
// Method, the same for every measurement: best of 3 runs, wall and CPU time (`process.cpuUsage`, which includes the
// GC helper threads and the JIT's background compiler). Before each run its input is prepared outside the timed region
// (the text for JSON.parse; a freshly parsed snapshot for an evaluation, so per-snapshot caches are rebuilt), the
// previous run's snapshot and report are released, and `gc()` runs. The whole catalog gets one more run first, printed
// as "cold": the first execution of the engine's code, not yet optimised by the JIT.
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
  const ratio = (wall, cpu) => `${wall.toFixed(2)} / ${cpu.toFixed(2)}`.padStart(11);
  console.log(
    '\nmeshguard rules bench (catalog over simulator presets; ratios = time / JSON.parse of the same snapshot, wall / CPU)',
  );
  console.log(
    '"rules" = the catalog without the 3 rules that run the reachability engine; "all" = the whole catalog; best of 3 runs each, "all cold" = its first run',
  );
  console.log(
    'preset  objects  snapshot MB  parse ms  rules ms  rules ratio  findings  all ms  all ratio    all cold ms  cold ratio   peak RSS MB  heap after MB',
  );
  for (const r of results) {
    console.log(
      `${r.preset.padEnd(6)}  ${String(r.objects).padStart(7)}  ${r.snapshotMb.toFixed(1).padStart(11)}  ${r.parseMs.toFixed(0).padStart(8)}  ${r.evaluateMs.toFixed(0).padStart(8)}  ${ratio(r.ratio, r.cpuRatio)}  ${String(r.fullFindings).padStart(8)}  ${r.fullMs.toFixed(0).padStart(6)}  ${ratio(r.fullRatio, r.fullCpuRatio)}  ${r.coldMs.toFixed(0).padStart(11)}  ${ratio(r.coldRatio, r.coldCpuRatio)}  ${r.peakRssMb.toFixed(0).padStart(11)}  ${r.heapAfterMb.toFixed(0).padStart(13)}`,
    );
  }
  const large = results.find((r) => r.preset === 'L');
  if (large) {
    const met = large.fullRatio <= 2 && large.fullCpuRatio <= 2;
    console.log(
      `target: whole catalog <= 2x JSON.parse at L (best of 3, wall and CPU) — ${met ? 'met' : 'NOT met'} (${large.fullRatio.toFixed(2)} wall, ${large.fullCpuRatio.toFixed(2)} CPU; cold first run ${large.coldRatio.toFixed(2)} / ${large.coldCpuRatio.toFixed(2)})`,
    );
  }
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

// One timed run: wall time and CPU time of the whole process (main thread, GC helpers, background JIT compiles).
// The input is built and the heap collected before the clock starts, so each run pays only for its own work.
const timeOne = (prepare, fn) => {
  let input = prepare();
  globalThis.gc?.();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn(input);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  input = undefined;
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
};
const best = (runs) => ({
  ms: Math.min(...runs.map((r) => r.ms)),
  cpuMs: Math.min(...runs.map((r) => r.cpuMs)),
  findings: runs.at(-1).findings,
});
// Every evaluation gets a freshly parsed snapshot (parse outside the timed region), so per-snapshot caches are
// rebuilt each run; only counts are kept, so the previous run's snapshot and report are garbage by the next `gc()`.
const series = (count, fn) => {
  const runs = [];
  for (let i = 0; i < count; i += 1) {
    const run = timeOne(() => JSON.parse(text), fn);
    runs.push({ ms: run.ms, cpuMs: run.cpuMs, findings: run.value.findings.length });
  }
  return runs;
};

// Rules that run the NetworkPolicy reachability engine (model build, multi-hop paths) are measured separately:
// their cost is the engine's (see the netpol bench), the rest is the catalog's own.
const reachabilityRules = new Set(['namespace-environment-reachable', 'netpol-exposed-lateral-path', 'netpol-default-deny-neutralised']);
const localRules = catalog.filter((rule) => !reachabilityRules.has(rule.id));
const parse = best(
  Array.from({ length: 3 }, () => {
    const { ms, cpuMs } = timeOne(() => text, (input) => JSON.parse(input));
    return { ms, cpuMs };
  }),
);
const evaluation = best(series(3, (snapshot) => evaluateRules(snapshot, localRules)));
// The whole catalog: the first run executes the engine's code for the first time (cold, printed as such), then
// three more runs like the others, best of 3.
const [cold, ...warm] = series(4, (snapshot) => evaluateRules(snapshot, catalog));
const full = best(warm);
globalThis.gc?.();
const result = {
  preset,
  objects,
  snapshotMb: text.length / 1e6,
  parseMs: parse.ms,
  evaluateMs: evaluation.ms,
  ratio: evaluation.ms / parse.ms,
  findings: evaluation.findings,
  fullMs: full.ms,
  fullRatio: full.ms / parse.ms,
  cpuRatio: evaluation.cpuMs / parse.cpuMs,
  fullCpuRatio: full.cpuMs / parse.cpuMs,
  coldMs: cold.ms,
  coldRatio: cold.ms / parse.ms,
  coldCpuRatio: cold.cpuMs / parse.cpuMs,
  fullFindings: full.findings,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  heapAfterMb: process.memoryUsage().heapUsed / 1e6,
};
console.log(JSON.stringify(result));
