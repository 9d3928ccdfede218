#!/usr/bin/env node
// Turns the BENCH_JSON lines of bench output (files given, or stdin) into Markdown tables for docs: one per bench with
// the machine line, and with --summary one table of every row. Usage: node dist/cli/bench-markdown.cli.js [--summary] [files…]
import { readFileSync } from 'node:fs';
import { jsonLinePrefix, markdownTable, type BenchReport } from '../report.js';
import { machineLine } from '../machine.js';

const args = process.argv.slice(2);
const files = args.filter((arg) => !arg.startsWith('--'));
const text = files.length ? files.map((file) => readFileSync(file, 'utf8')).join('\n') : readFileSync(0, 'utf8');
const reports = text
  .split('\n')
  .filter((line) => line.startsWith(jsonLinePrefix))
  .map((line) => JSON.parse(line.slice(jsonLinePrefix.length)) as BenchReport);
if (args.includes('--summary')) {
  process.stdout.write(`${markdownTable(reports.flatMap((report) => report.rows), { withBench: true }).join('\n')}\n`);
} else {
  for (const report of reports) {
    process.stdout.write(`**${report.title}**\n\nMethod: ${report.method}. Machine: ${machineLine(report.machine)}.\n\n`);
    process.stdout.write(`${markdownTable(report.rows).join('\n')}\n\n`);
    for (const row of report.rows.filter((r) => r.note)) process.stdout.write(`- ${row.case}, ${row.subject}: ${row.note}\n`);
    process.stdout.write('\n');
  }
}
