// One cold evaluation of the whole catalog (what the rules bench's first round and a CLI user get), for profiling:
// prints parse and evaluation CPU and wall, and writes `MARK eval-start` / `MARK eval-end` on stdout around the
// evaluation so V8 traces can be cut to it, e.g.
//   node --expose-gc --max-old-space-size=8192 --trace-deopt --trace-opt bench/cold-evaluation.mjs L > trace.txt
//   sed -n '/MARK eval-start/,/MARK eval-end/p' trace.txt | grep -c 'bailout (kind'
// Usage: node bench/cold-evaluation.mjs [preset, default L] [module, default @meshguard/rules: another build to compare]
import { cpuUsage } from 'node:process';
import { presetSnapshotText } from './preset-snapshot.mjs';

const { catalog, evaluateRules } = await import(process.argv[3] ?? '@meshguard/rules');
const { text } = presetSnapshotText(process.argv[2] ?? 'L');
const cpuMs = () => {
  const { user, system } = cpuUsage();
  return (user + system) / 1000;
};
globalThis.gc?.();
let cpu = cpuMs();
let wall = performance.now();
JSON.parse(text);
const parse = { cpu: cpuMs() - cpu, wall: performance.now() - wall };
const snapshot = JSON.parse(text);
globalThis.gc?.();
console.log('MARK eval-start');
cpu = cpuMs();
wall = performance.now();
const report = evaluateRules(snapshot, catalog);
const evaluation = { cpu: cpuMs() - cpu, wall: performance.now() - wall };
console.log('MARK eval-end');
const ms = (value) => value.toFixed(0);
console.error(
  `parse CPU ${ms(parse.cpu)} ms, wall ${ms(parse.wall)} ms | evaluation CPU ${ms(evaluation.cpu)} ms, wall ${ms(evaluation.wall)} ms | ` +
    `CPU ${(evaluation.cpu / parse.cpu).toFixed(2)}x, wall ${(evaluation.wall / parse.wall).toFixed(2)}x | ${report.findings.length} findings`,
);
