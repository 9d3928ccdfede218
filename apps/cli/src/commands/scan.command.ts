import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { manifestOriginKey } from '@meshguard/k8s';
import { catalog, severities, type Severity } from '@meshguard/rules';
import { CliError, exitCodes, type CliIo } from '../cli-io.js';
import { formatCsv } from '../output/csv-format.js';
import { buildJsonReport, type ReportedFinding } from '../output/json-report.js';
import { inChunks, jsonDocument } from '../output/json-pieces.js';
import { formatJunit } from '../output/junit-format.js';
import { formatSarif } from '../output/sarif-format.js';
import { formatTable } from '../output/table-format.js';
import { writeFileAtomically } from '../output/atomic-write.js';
import { compareWithBaseline, readBaseline } from '../scan/baseline.js';
import { readExceptionsFile, readParamsFile } from '../scan/input-files.js';
import { evaluateOffThread } from '../scan/evaluation.js';
import { selectRules } from '../scan/rule-selection.js';
import {
  addSnapshotOptions,
  loadSnapshotFor,
  progressFor,
  reportTimings,
  type SnapshotOptions,
} from '../scan/snapshot-options.js';
import { unevaluatedProblems } from '../scan/snapshot-source.js';

const formats = ['table', 'json', 'sarif', 'junit', 'csv'] as const;

interface ScanOptions extends SnapshotOptions {
  format: string;
  framework?: string;
  rules?: string;
  exceptions?: string;
  params?: string;
  failOn?: string;
  failOnExisting?: boolean;
  baseline?: string;
  output?: string;
  color?: boolean;
  complete?: boolean;
  skipInvalid?: boolean;
}

/** `meshguard scan`: evaluate the catalog over manifests or a cluster and print the report. */
export function registerScanCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('scan')
    .description('scan manifest files/folders, or a cluster through a kubeconfig, and report findings')
    .argument('[paths...]', 'YAML/JSON manifest files or folders (multi-document, List kinds, Helm output)');
  addSnapshotOptions(command)
    .option('-f, --format <format>', `output format: ${formats.join(', ')}`, 'table')
    .option('--framework <id>', 'only rules of this framework (see "meshguard rules --format json")')
    .option(
      '--rules <ids>',
      'only these rules: comma-separated ids or globs, e.g. "netpol-*,rbac-cluster-admin-binding"',
    )
    .option('--exceptions <file>', 'YAML/JSON file of exceptions (waivers) applied to findings')
    .option('--params <file>', 'YAML/JSON file mapping rule ids to param overrides')
    .option(
      '--fail-on <severity>',
      `exit 1 when open findings at or above this severity remain (${severities.join(', ')})`,
    )
    .option(
      '--baseline <report.json>',
      'a previous "--format json" report: mark findings new or existing, list resolved ones; --fail-on then counts new findings only',
    )
    .option('--fail-on-existing', 'with --baseline: --fail-on counts existing findings too')
    .option(
      '--complete',
      'the manifests are the whole cluster (a "kubectl get -A" dump, a GitOps repository that owns it): judge cluster- and namespace-wide rules too',
    )
    .option(
      '--skip-invalid',
      'exit 0 even when some Kubernetes objects could not be evaluated (they are still listed in the report)',
    )
    .option(
      '-o, --output <file>',
      'write the report to a file (atomically: temp file, then rename) instead of stdout',
    )
    .option('--no-color', 'no ANSI colours in the table')
    .action(async (paths: string[], options: ScanOptions) => {
      if (!(formats as readonly string[]).includes(options.format))
        throw new CliError(`unknown format "${options.format}"; use one of ${formats.join(', ')}`);
      if (options.failOn && !(severities as readonly string[]).includes(options.failOn))
        throw new CliError(
          `unknown severity "${options.failOn}" for --fail-on; use one of ${severities.join(', ')}`,
        );
      const rules = selectRules({
        ...(options.framework ? { framework: options.framework } : {}),
        ...(options.rules ? { rules: options.rules } : {}),
      });
      const exceptions = options.exceptions ? await readExceptionsFile(io.cwd, options.exceptions) : [];
      const params = options.params ? await readParamsFile(io.cwd, options.params) : {};
      const baseline = options.baseline ? await readBaseline(io.cwd, options.baseline) : undefined;
      if (options.complete && options.kubeconfig)
        throw new CliError(
          '--complete describes manifest inputs; a live cluster scan always sees the whole cluster',
        );
      const progress = progressFor(options, io);
      const loaded = await loadSnapshotFor(paths, options, io, undefined, progress);
      const selectedIds = new Set(rules.map((rule) => rule.id));
      const relevantParams = Object.fromEntries(Object.entries(params).filter(([id]) => selectedIds.has(id)));
      const unknownParams = Object.keys(params).filter((id) => !catalog.some((rule) => rule.id === id));
      if (unknownParams.length > 0)
        throw new CliError(`params file names unknown rule(s): ${unknownParams.join(', ')}`);
      progress.start('evaluate', `Evaluating ${rules.length} rules`);
      const scan = await evaluateOffThread(loaded.snapshot, rules, {
        params: relevantParams,
        exceptions,
      }).finally(() => progress.stop());
      const comparison = baseline ? compareWithBaseline(scan.findings, baseline) : undefined;
      const report = buildJsonReport(
        loaded.snapshot,
        rules,
        scan,
        loaded.problems,
        { ignored: loaded.ignored, notObjects: loaded.notObjects },
        comparison,
      );
      const ruleHelp = (id: string) => {
        const rule = catalog.find((entry) => entry.id === id);
        return {
          rationale: rule?.rationale ?? '',
          remediation: rule?.remediation.text ?? '',
          ...(rule?.remediation.example ? { example: rule.remediation.example } : {}),
        };
      };
      const locate = (finding: ReportedFinding) => {
        const origin = loaded.origins?.get(
          manifestOriginKey(finding.resource.kind, finding.resource.namespace, finding.resource.name),
        );
        return origin ? { uri: repositoryPath(io.cwd, origin.file), line: origin.line ?? 1 } : undefined;
      };
      // Written in pieces: the report of a very large input is bigger than one string may be.
      const text: Iterable<string> = inChunks(
        options.format === 'json'
          ? jsonDocument(report)
          : options.format === 'sarif'
            ? formatSarif(report, { ruleHelp, locate })
            : options.format === 'junit'
              ? [formatJunit(report)]
              : options.format === 'csv'
                ? formatCsv(report)
                : [formatTable(report, options.color !== false && io.isTty && !options.output)],
      );
      if (options.output) {
        const path = resolve(io.cwd, options.output);
        progress.start('write', `Writing ${path}`);
        await writeFileAtomically(path, text).finally(() => progress.stop());
        io.stderr(`meshguard: report written to ${path}\n`);
      } else for (const chunk of text) io.stdout(chunk);
      reportTimings(progress, options, io);
      // A repository whose objects meshguard could not read is not a clean one: say so in the exit code.
      const unevaluated = unevaluatedProblems(loaded.problems).length;
      if (unevaluated > 0 && !options.skipInvalid) {
        io.stderr(
          `meshguard: ${unevaluated} document(s) could not be evaluated (listed above and in the report's coverage); fix them, or pass --skip-invalid\n`,
        );
        setExitCode(exitCodes.usage);
        return;
      }
      if (options.failOn) {
        const threshold = severities.indexOf(options.failOn as Severity);
        const countsExisting = !report.baseline || options.failOnExisting === true;
        const blocking = report.findings.filter(
          (finding) =>
            finding.status === 'open' &&
            severities.indexOf(finding.severity) <= threshold &&
            (countsExisting || finding.baseline === 'new'),
        );
        if (blocking.length > 0) {
          io.stderr(
            `meshguard: ${blocking.length} open ${countsExisting ? '' : 'new '}finding(s) at or above ${options.failOn}\n`,
          );
          setExitCode(exitCodes.findings);
        }
      }
    });
}

/** A path relative to where meshguard ran, with forward slashes, as code scanning expects repository paths. */
function repositoryPath(cwd: string, file: string): string {
  return relative(cwd, file).split(sep).join('/');
}
