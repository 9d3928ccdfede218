import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  canReport,
  checkReport,
  connectivityFormats,
  connectivityReport,
  diffReport,
  exposureReport,
  NetworkIntentError,
  parseNetworkIntents,
  parsePortQuery,
  type ClusterSnapshot,
  type NetpolReport,
  type ReachabilityOptions,
} from '@meshguard/rules';
import { CliError, type CliIo } from '../cli-io.js';
import { addSnapshotOptions, loadSnapshotFor, type SnapshotOptions } from '../scan/snapshot-options.js';
import { writeFileAtomically } from '../output/atomic-write.js';

const reportFormats = ['txt', 'json'] as const;
const hostNetworkModes = ['node', 'pod'] as const;

interface CommonOptions {
  format: string;
  output?: string;
  hostNetworkPods?: 'node' | 'pod';
}

type SourcedOptions = CommonOptions & SnapshotOptions;

/**
 * `meshguard netpol connectivity|can|exposure|diff|check`: loads the snapshot(s), hands them to the reachability
 * engine's report functions (libs/rules/src/netpol/netpol-reports.ts) and prints what they return.
 */
export function registerNetpolCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const netpol = program
    .command('netpol')
    .description('NetworkPolicy reachability: who can talk to whom, and what the policies actually allow');
  const finish = async (report: NetpolReport, options: CommonOptions) => {
    await emit(io, report.text, options.output);
    setExitCode(report.exitCode);
  };

  withCommonOptions(
    addSnapshotOptions(
      netpol
        .command('connectivity')
        .description(
          'list every allowed connection: one "src => dst : conn" line each (netpol-analyzer format)',
        )
        .argument('[paths...]', 'YAML/JSON manifest files or folders')
        .option(
          '--focus-workload <workload>',
          'only connections from or to this workload: ns/name[Kind], ns/name or name (repeatable)',
          (value: string, previous: string[] = []) => [...previous, value],
        ),
    ),
    connectivityFormats,
  ).action(async (paths: string[], options: SourcedOptions & { focusWorkload?: string[] }) => {
    const format = checkFormat(options.format, connectivityFormats);
    const snapshot = await loadForReachability(paths, options, io);
    await finish(
      connectivityReport(snapshot, {
        format,
        ...(options.focusWorkload ? { focusWorkloads: options.focusWorkload } : {}),
        ...reachabilityOptions(options),
      }),
      options,
    );
  });

  withCommonOptions(
    addSnapshotOptions(
      netpol
        .command('can')
        .description(
          'can SRC reach DST? exit 0 when fully allowed, 1 when denied or only partly allowed (--explain: which policies decide)',
        )
        .argument('<src>', 'source: a workload namespace/name[Kind] (or namespace/name) or an IP address')
        .argument(
          '<dst>',
          'destination: a workload namespace/name[Kind] (or namespace/name) or an IP address',
        )
        .argument('[paths...]', 'YAML/JSON manifest files or folders')
        .option('-p, --port <port>', 'port and protocol, e.g. 443/TCP, 53/UDP, 8000-8080/TCP (default: any)')
        .option(
          '--explain',
          'show each policy and rule that allowed, denied or passed, per direction and tier',
        ),
    ),
    reportFormats,
  ).action(
    async (
      src: string,
      dst: string,
      paths: string[],
      options: SourcedOptions & { port?: string; explain?: boolean },
    ) => {
      const format = checkFormat(options.format, reportFormats);
      if (options.port !== undefined) {
        try {
          parsePortQuery(options.port);
        } catch (error) {
          throw new CliError(`--port: ${messageOf(error)}`);
        }
      }
      const snapshot = await loadForReachability(paths, options, io);
      let report: NetpolReport;
      try {
        report = canReport(snapshot, src, dst, {
          format,
          ...(options.port !== undefined ? { port: options.port } : {}),
          ...(options.explain ? { explain: true } : {}),
          ...reachabilityOptions(options),
        });
      } catch (error) {
        // The engine names what it could not resolve and what exists instead.
        throw new CliError(`netpol can: ${messageOf(error)}`);
      }
      await finish(report, options);
    },
  );

  withCommonOptions(
    addSnapshotOptions(
      netpol
        .command('exposure')
        .description(
          'what can reach each workload from outside the cluster: LoadBalancer/NodePort Services, Ingress, host ports',
        )
        .argument('[paths...]', 'YAML/JSON manifest files or folders')
        .option('--all', 'also list workloads that are not reachable from outside')
        .option('--lateral', 'add the multi-hop paths from exposed workloads to sensitive targets'),
    ),
    reportFormats,
  ).action(async (paths: string[], options: SourcedOptions & { all?: boolean; lateral?: boolean }) => {
    const format = checkFormat(options.format, reportFormats);
    const snapshot = await loadForReachability(paths, options, io);
    await finish(
      exposureReport(snapshot, {
        format,
        ...(options.all ? { all: true } : {}),
        ...(options.lateral ? { lateral: true } : {}),
        ...reachabilityOptions(options),
      }),
      options,
    );
  });

  withCommonOptions(
    netpol
      .command('diff')
      .description(
        'connections added (+), removed (-) and changed (~) from A to B; exit 1 when anything changed',
      )
      .argument('<before>', 'manifest file or folder: the current state')
      .argument('<after>', 'manifest file or folder: the proposed state'),
    reportFormats,
  ).action(async (before: string, after: string, options: CommonOptions) => {
    const format = checkFormat(options.format, reportFormats);
    const a = await loadSnapshotFor([before], {}, io, before);
    const b = await loadSnapshotFor([after], {}, io, after);
    await finish(diffReport(a.snapshot, b.snapshot, { format, ...reachabilityOptions(options) }), options);
  });

  withCommonOptions(
    addSnapshotOptions(
      netpol
        .command('check')
        .description(
          'evaluate network intents (YAML/JSON): PASS/FAIL each with evidence; exit 1 when one fails',
        )
        .argument('[paths...]', 'YAML/JSON manifest files or folders')
        .requiredOption('--intents <file>', 'network intents file (see docs/netpol.md, "Network intents")'),
    ),
    reportFormats,
  ).action(async (paths: string[], options: SourcedOptions & { intents: string }) => {
    const format = checkFormat(options.format, reportFormats);
    const intentsPath = resolve(io.cwd, options.intents);
    const intentsText = await readIntents(intentsPath);
    const snapshot = await loadForReachability(paths, options, io);
    await finish(
      checkReport(snapshot, intentsText, intentsPath, { format, ...reachabilityOptions(options) }),
      options,
    );
  });

  return netpol;
}

function withCommonOptions(command: Command, formats: readonly string[]): Command {
  return command
    .option('-f, --format <format>', `output format: ${formats.join(', ')}`, 'txt')
    .option('-o, --output <file>', 'write the result to a file instead of stdout')
    .addOption(
      new Option(
        '--host-network-pods <mode>',
        "host-network pods count as their node (default, as most CNIs see them) or as pods (netpol-analyzer's reading)",
      ).choices(hostNetworkModes),
    );
}

function checkFormat<T extends string>(format: string, formats: readonly T[]): T {
  if (!(formats as readonly string[]).includes(format))
    throw new CliError(`unknown format "${format}"; use one of ${formats.join(', ')}`);
  return format as T;
}

function reachabilityOptions(options: CommonOptions): ReachabilityOptions {
  return options.hostNetworkPods ? { hostNetworkPods: options.hostNetworkPods } : {};
}

/** Reads and validates the intents file before any snapshot is loaded, so a bad file costs no cluster round trip. */
async function readIntents(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read intents file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    parseNetworkIntents(text, path);
  } catch (error) {
    if (error instanceof NetworkIntentError)
      throw new CliError(
        `${error.message}\nFix the fields above; the format is described in docs/netpol.md ("Network intents").`,
      );
    throw error;
  }
  return text;
}

/** Loads the snapshot; kinds that could not be read are named, since missing policies make connections look allowed. */
async function loadForReachability(
  paths: string[],
  options: SnapshotOptions,
  io: CliIo,
): Promise<ClusterSnapshot> {
  const { snapshot } = await loadSnapshotFor(paths, options, io);
  const unread = snapshot.coverage.gaps.filter((gap) => gap.reason !== 'not-served').map((gap) => gap.kind);
  if (unread.length > 0)
    io.stderr(
      `meshguard: netpol: ${unread.join(', ')} could not be read; reachability treats them as absent, so missing policies show up as allowed connections\n`,
    );
  return snapshot;
}

async function emit(io: CliIo, text: string, output: string | undefined): Promise<void> {
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  if (!output) {
    io.stdout(body);
    return;
  }
  const path = resolve(io.cwd, output);
  try {
    await writeFileAtomically(path, body);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  io.stderr(`meshguard: written to ${path}\n`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
