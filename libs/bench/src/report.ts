import { appendFileSync } from 'node:fs';
import type { BenchRow } from './comparison.js';
import { describeMachine, machineLine, type Machine } from './machine.js';
import type { Stats } from './stats.js';

/** Where `npm run bench` (root) collects every bench's JSON line to print the summary. */
export const resultsFileVariable = 'MESHGUARD_BENCH_RESULTS';
/** Prefix of the one JSON line each bench prints, for docs and for the summary. */
export const jsonLinePrefix = 'BENCH_JSON ';

export interface BenchReport {
  readonly title: string;
  readonly method: string;
  readonly machine: Machine;
  readonly rows: readonly BenchRow[];
}

const number = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));
const spread = (s: Stats | undefined) => (s ? (s.n > 1 ? `${number(s.median)} [${number(s.min)}–${number(s.max)}]` : number(s.median)) : '–');
const ratio = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);

/** The table's header and cells for each row; one format for every bench. */
function tableCells(rows: readonly BenchRow[], options: { withBench?: boolean }): { header: string[]; cells: string[][] } {
  const header = [
    ...(options.withBench ? ['bench'] : []),
    'case',
    'subject',
    'floor',
    'unit',
    'subject cold med [min–max]',
    'floor cold',
    'subject warm',
    'floor warm',
    'cold ×',
    'warm ×',
    'peak RSS MB subject / floor',
    'target',
    'verdict',
  ];
  const cells = rows.map((row) => [
    ...(options.withBench ? [row.bench] : []),
    row.case,
    row.subject,
    row.floor ?? '–',
    row.unit,
    spread(row.subjectCold),
    spread(row.floorCold),
    spread(row.subjectWarm),
    spread(row.floorWarm),
    ratio(row.ratioCold),
    ratio(row.ratioWarm),
    row.peakRssMb === undefined ? '–' : `${row.peakRssMb.toFixed(0)}${row.floorPeakRssMb === undefined ? '' : ` / ${row.floorPeakRssMb.toFixed(0)}`}`,
    row.target ? `${row.target.label} (${number(row.target.value)})` : '–',
    row.verdict,
  ]);
  return { header, cells };
}

/** The table as aligned text lines, the format every bench prints. */
export function tableLines(rows: readonly BenchRow[], options: { withBench?: boolean } = {}): string[] {
  const { header, cells } = tableCells(rows, options);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const format = (line: string[]) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [format(header), ...cells.map(format)];
}

/** The same table in Markdown, for docs. */
export function markdownTable(rows: readonly BenchRow[], options: { withBench?: boolean } = {}): string[] {
  const { header, cells } = tableCells(rows, options);
  const line = (values: string[]) => `| ${values.map((value) => value.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...cells.map(line)];
}

/**
 * Prints a bench's table (with the method and the machine), its notes, and one JSON line for docs; appends the JSON
 * line to $MESHGUARD_BENCH_RESULTS when the root `npm run bench` collects a summary. Sets a failing exit code when a
 * target was missed.
 */
export function printReport(title: string, method: string, rows: readonly BenchRow[]): BenchReport {
  const report: BenchReport = { title, method, machine: describeMachine(), rows };
  const lines = [
    '',
    `== ${title}`,
    `method: ${method}`,
    `machine: ${machineLine(report.machine)}`,
    ...tableLines(rows),
    ...rows.filter((row) => row.note).map((row) => `  note (${row.case}, ${row.subject}): ${row.note}`),
    `${jsonLinePrefix}${JSON.stringify(report)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const file = process.env[resultsFileVariable];
  if (file) appendFileSync(file, `${JSON.stringify(report)}\n`);
  if (rows.some((row) => row.verdict === 'MISS')) process.exitCode = 1;
  return report;
}
