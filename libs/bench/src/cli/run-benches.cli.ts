#!/usr/bin/env node
// Runs a project's bench scripts one after another with node, every one even when an earlier one missed its target
// (exit 1) or failed, and exits non-zero when any did. Usage (in a package.json "bench" script):
//   node ../../libs/bench/dist/cli/run-benches.cli.js bench/a.bench.mjs bench/b.bench.mjs
import { spawnSync } from 'node:child_process';

let failed = 0;
for (const script of process.argv.slice(2)) {
  const run = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.error(`${script}: exit ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
