import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { catalog, evaluateRules, RuleParamsError } from '@meshguard/rules';
import {
  buildReportModel,
  createReportDigest,
  formatReportSignature,
  generateSigningKeyPair,
  isReportFormat,
  parseReportSignature,
  renderReport,
  reportFormats,
  scanInputFromEvaluation,
  SignatureInputError,
  signReportDigest,
  verifyReportDigest,
  type ComplianceReportModel,
  type ReportFormat,
} from '@meshguard/reports';
import { CliError, exitCodes, type CliIo } from '../cli-io.js';
import { readExceptionsFile, readParamsFile } from '../scan/input-files.js';
import { selectRules } from '../scan/rule-selection.js';
import { addSnapshotOptions, loadSnapshotFor, type SnapshotOptions } from '../scan/snapshot-options.js';
import { toolInfo } from '../tool-info.js';

interface ReportOptions extends SnapshotOptions {
  framework?: string;
  format: string;
  output?: string;
  exceptions?: string;
  params?: string;
  signKey?: string;
}

/**
 * `meshguard report`: the compliance report of one framework, rendered offline from `evaluateRules` by the same
 * model and renderers the API uses; `report verify` checks a report's Ed25519 signature; `report keygen` makes a key.
 * Exit codes: 0 ok, 1 signature does not verify, 2 bad input.
 */
export function registerReportCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  const report = program
    .command('report')
    .description(
      'render a compliance report (one framework) of manifests or a cluster; "report verify" checks a signature',
    )
    .argument('[paths...]', 'YAML/JSON manifest files or folders (as for scan)');
  addSnapshotOptions(report)
    // Not a commander "required" option: that would also be demanded of `report verify` and `report keygen`.
    .option(
      '--framework <id>',
      'framework to report on, e.g. cis-k8s-v1.10 (see "meshguard rules --format json")',
    )
    .option('-f, --format <format>', `report format: ${reportFormats.join(', ')}`, 'json')
    .option('-o, --output <file>', 'write the report to this file (required for pdf and when signing)')
    .option('--exceptions <file>', 'YAML/JSON file of exceptions (waivers) applied to findings')
    .option('--params <file>', 'YAML/JSON file mapping rule ids to param overrides')
    .option('--sign-key <pem>', 'Ed25519 private key (PKCS#8 PEM): also write <output>.sig')
    .action(async (paths: string[], options: ReportOptions) => {
      await writeReport(paths, options, io);
    });

  report
    .command('verify')
    .description('check a report file against its detached signature and a public key, offline')
    .argument('<file>', 'the report file exactly as downloaded')
    .requiredOption('--signature <file>', 'the signature file (<report>.sig)')
    .requiredOption(
      '--public-key <pem>',
      'the Ed25519 public key (SPKI PEM), e.g. from GET /v1/reports/signing-keys',
    )
    .action(async (file: string, options: { signature: string; publicKey: string }) => {
      setExitCode(await verify(file, options, io));
    });

  report
    .command('keygen')
    .description('generate an Ed25519 key pair for signing reports offline')
    .requiredOption('--private-key <file>', 'where to write the private key (PKCS#8 PEM, mode 0600)')
    .requiredOption('--public-key <file>', 'where to write the public key (SPKI PEM)')
    .action(async (options: { privateKey: string; publicKey: string }) => {
      const keys = generateSigningKeyPair();
      await writeFile(resolve(io.cwd, options.privateKey), keys.privateKeyPem, {
        mode: 0o600,
        flag: 'wx',
      }).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(
          `cannot write ${resolve(io.cwd, options.privateKey)}: ${error.code ?? error.message}`,
        );
      });
      await writeFile(resolve(io.cwd, options.publicKey), keys.publicKeyPem);
      io.stdout(`${keys.keyId}\n`);
    });
}

async function writeReport(paths: string[], options: ReportOptions, io: CliIo): Promise<void> {
  const frameworkId = options.framework;
  if (!frameworkId) throw new CliError('--framework ID is required, e.g. --framework cis-k8s-v1.10');
  if (!isReportFormat(options.format))
    throw new CliError(`unknown format "${options.format}"; use one of ${reportFormats.join(', ')}`);
  const format: ReportFormat = options.format;
  if (!options.output && (format === 'pdf' || options.signKey))
    throw new CliError(`--output FILE is required ${format === 'pdf' ? 'for pdf' : 'with --sign-key'}`);
  const signKey = options.signKey ? await readText(io, options.signKey, 'signing key') : undefined;
  const rules = selectRules({ framework: frameworkId });
  const exceptions = options.exceptions ? await readExceptionsFile(io.cwd, options.exceptions) : [];
  const params = options.params ? await readParamsFile(io.cwd, options.params) : {};
  const unknownParams = Object.keys(params).filter((id) => !catalog.some((rule) => rule.id === id));
  if (unknownParams.length > 0)
    throw new CliError(`params file names unknown rule(s): ${unknownParams.join(', ')}`);
  const selected = new Set(rules.map((rule) => rule.id));
  const loaded = await loadSnapshotFor(paths, options, io);
  let evaluation;
  try {
    evaluation = evaluateRules(loaded.snapshot, rules, {
      params: Object.fromEntries(Object.entries(params).filter(([id]) => selected.has(id))),
      exceptions,
    });
  } catch (error) {
    if (error instanceof RuleParamsError) throw new CliError(`params: ${error.message}`);
    throw error;
  }
  const { snapshot } = loaded;
  const isCluster = snapshot.source.type === 'cluster';
  const name = isCluster ? (snapshot.source.context ?? snapshot.source.location) : paths.join(' ');
  const gaps = snapshot.coverage.gaps;
  const model = buildReportModel({
    frameworkId,
    scope: { kind: isCluster ? 'cluster' : 'manifests', description: name },
    asOf: snapshot.collectedAt,
    generatedAt: new Date().toISOString(),
    tool: { name: toolInfo.name, version: toolInfo.version, informationUri: toolInfo.informationUri },
    clusters: [
      {
        clusterId: isCluster ? snapshot.source.location : 'manifests',
        name,
        coverageState: gaps.length > 0 ? 'partial' : 'current',
        scan: scanInputFromEvaluation(evaluation, {
          scanId: 'offline',
          gaps,
          ...(snapshot.serverVersion ? { serverVersion: snapshot.serverVersion.gitVersion } : {}),
        }),
      },
    ],
  });
  if (!options.output) {
    io.stdout(await renderToText(model, format));
    return;
  }
  const path = resolve(io.cwd, options.output);
  await renderReport(model, format, createWriteStream(path));
  io.stderr(`meshguard: ${format} report written to ${path}\n`);
  if (signKey) {
    let signature;
    try {
      signature = signReportDigest(await digestFile(path), signKey);
    } catch (error) {
      if (error instanceof SignatureInputError) throw new CliError(`--sign-key: ${error.message}`);
      throw error;
    }
    await writeFile(`${path}.sig`, formatReportSignature(signature));
    io.stderr(`meshguard: signature (key ${signature.keyId}) written to ${path}.sig\n`);
  }
}

async function verify(
  file: string,
  options: { signature: string; publicKey: string },
  io: CliIo,
): Promise<number> {
  const path = resolve(io.cwd, file);
  const signatureText = await readText(io, options.signature, 'signature');
  const publicKey = await readText(io, options.publicKey, 'public key');
  let digest: string;
  try {
    digest = await digestFile(path);
  } catch (error) {
    throw new CliError(
      `cannot read report ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  try {
    const result = verifyReportDigest(digest, parseReportSignature(signatureText), publicKey);
    if (result.ok) {
      io.stdout(`meshguard: signature OK: ${file} (${result.digest}) signed by key ${result.keyId}\n`);
      return exitCodes.ok;
    }
    io.stderr(`meshguard: signature does NOT verify: ${result.reason}\n`);
    return exitCodes.findings;
  } catch (error) {
    if (error instanceof SignatureInputError) throw new CliError(error.message);
    throw error;
  }
}

async function readText(io: CliIo, file: string, what: string): Promise<string> {
  const path = resolve(io.cwd, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** The digest of the bytes as written to disk: what the signature must cover. */
async function digestFile(path: string): Promise<string> {
  const digest = createReportDigest();
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer);
  return digest.digest();
}

async function renderToText(model: ComplianceReportModel, format: ReportFormat): Promise<string> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await renderReport(model, format, sink);
  return Buffer.concat(chunks).toString('utf8');
}
