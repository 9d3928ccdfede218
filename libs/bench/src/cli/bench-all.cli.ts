#!/usr/bin/env node
// `npm run bench` (root): every project's bench through Nx, one at a time, then one summary table of every row.
// Extra arguments go to nx (e.g. `-p @meshguard/rules`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineLine } from '../machine.js';
import { resultsFileVariable, tableLines, type BenchReport } from '../report.js';

const folder = mkdtempSync(join(tmpdir(), 'meshguard-bench-'));
const file = join(folder, 'results.jsonl');
const run = spawnSync('npx', ['nx', 'run-many', '-t', 'bench', '--parallel=1', '--output-style=stream', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, [resultsFileVariable]: file },
});
let reports: BenchReport[] = [];
try {
  reports = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as BenchReport);
} catch {
  // no bench reported (all failed before printing)
}
rmSync(folder, { recursive: true, force: true });
const rows = reports.flatMap((report) => report.rows);
const machines = reports.map((report) => report.machine);
console.log('\n== meshguard benchmarks: summary of this run (each ratio against its floor measured in the same run)');
if (machines.length) {
  console.log(`first bench: ${machineLine(machines[0]!)}`);
  console.log(`last bench:  ${machineLine(machines.at(-1)!)}`);
}
for (const line of tableLines(rows, { withBench: true })) console.log(line);
const missed = rows.filter((row) => row.verdict === 'MISS').length;
console.log(`${rows.length} rows, ${missed} missed their target; nx exit status ${run.status}`);
process.exit(run.status ?? 1);
