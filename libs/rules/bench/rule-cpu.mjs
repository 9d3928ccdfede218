// Where one cold evaluation of the whole catalog spends its CPU: process CPU (so including the garbage collector's and
// the optimising compiler's threads) around the reachability model build and each rule's `evaluate`; the rest is
// `evaluateRules`' own per-finding work (redaction check, fingerprint, finding object, failure tally).
// Usage: node --max-old-space-size=8192 bench/rule-cpu.mjs [preset, default L] [rules listed, default 12]
import { cpuUsage } from 'node:process';
import { presetSnapshotText } from './preset-snapshot.mjs';

const { catalog, evaluateRules } = await import('@meshguard/rules');
// The model is shared by the reachability rules through a per-snapshot cache: built here first, it is timed on its own.
// (The same module instance as the package's: `@meshguard/rules` resolves to this directory's dist.)
const { reachabilityOf } = await import(
  new URL('../dist/catalog/shared/reachability.js', import.meta.url).href
);
const snapshot = JSON.parse(presetSnapshotText(process.argv[2] ?? 'L').text);
const cpuMs = () => {
  const { user, system } = cpuUsage();
  return (user + system) / 1000;
};
const perRule = new Map();
const timed = catalog.map((rule) => ({
  ...rule,
  evaluate: (context) => {
    const start = cpuMs();
    try {
      return rule.evaluate(context);
    } finally {
      perRule.set(rule.id, cpuMs() - start);
    }
  },
}));
let start = cpuMs();
reachabilityOf(snapshot);
const model = cpuMs() - start;
start = cpuMs();
const report = evaluateRules(snapshot, timed);
const evaluation = cpuMs() - start;
const rules = [...perRule.values()].reduce((sum, ms) => sum + ms, 0);
const ms = (value) => value.toFixed(0).padStart(6);
console.log(`${ms(model)} reachability model build`);
console.log(`${ms(evaluation - rules)} evaluateRules' own work for ${report.findings.length} findings`);
for (const [id, cpu] of [...perRule].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 12)))
  console.log(`${ms(cpu)} ${id}`);
console.log(
  `${ms(model + evaluation)} in all (${catalog.length} rules: ${ms(rules).trim()} ms in their evaluate)`,
);
