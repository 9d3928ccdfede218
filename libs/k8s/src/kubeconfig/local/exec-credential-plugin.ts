import { spawn } from 'node:child_process';
import { isAbsolute, resolve, sep } from 'node:path';
import { LocalKubeconfigError } from './local-kubeconfig.error.js';

const supportedApiVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];
const interactiveModes = ['Never', 'IfAvailable', 'Always'] as const;
type InteractiveMode = (typeof interactiveModes)[number];

/** A kubeconfig user's `exec` stanza (client.authentication.k8s.io). */
export interface ExecConfig {
  apiVersion?: string;
  command?: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  installHint?: string;
  interactiveMode?: string;
  provideClusterInfo?: boolean;
}

/** What the plugin may need to know about the cluster when `provideClusterInfo` is set. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
}

export interface ExecRunOptions {
  /** Whether standard input is a terminal the plugin may prompt on. */
  stdinIsTty: boolean;
  /** Folder of the kubeconfig that defines the user: a relative command path resolves against it, as in kubectl. */
  baseDir: string;
  cluster: ExecClusterInfo;
  /** Receives the plugin's stderr (prompts, errors), which kubectl shows to the user. */
  onStderr: (text: string) => void;
  /** Environment the plugin inherits (the CLI's own). */
  env: NodeJS.ProcessEnv;
}

/** The credential a plugin printed. */
export interface ExecCredentialResult {
  token?: string;
  clientCertificatePem?: string;
  clientKeyPem?: string;
  expiresAt?: Date;
}

/**
 * Runs an exec credential plugin as kubectl does: KUBERNETES_EXEC_INFO describes the request, interactiveMode decides
 * whether the plugin gets the terminal, and the printed ExecCredential must match the requested apiVersion.
 * client-node's own ExecAuth ignores interactiveMode and KUBERNETES_EXEC_INFO, which plugins such as kubelogin read.
 */
export async function runExecCredentialPlugin(
  exec: ExecConfig,
  options: ExecRunOptions,
): Promise<ExecCredentialResult> {
  const apiVersion = exec.apiVersion ?? '';
  if (!supportedApiVersions.includes(apiVersion))
    throw new LocalKubeconfigError(
      `exec plugin apiVersion ${JSON.stringify(apiVersion)} is not supported; use one of ${supportedApiVersions.join(', ')}`,
    );
  if (!exec.command) throw new LocalKubeconfigError('exec plugin has no command');
  const mode = interactiveModeOf(exec, apiVersion);
  if (mode === 'Always' && !options.stdinIsTty)
    throw new LocalKubeconfigError(
      `exec plugin ${exec.command} needs a terminal (interactiveMode: Always) but standard input is not one; run meshguard in a terminal or configure the plugin for non-interactive use`,
    );
  const interactive = mode !== 'Never' && options.stdinIsTty;

  const execInfo = {
    apiVersion,
    kind: 'ExecCredential',
    spec: { interactive, ...(exec.provideClusterInfo ? { cluster: options.cluster } : {}) },
  };
  const env: NodeJS.ProcessEnv = { ...options.env, KUBERNETES_EXEC_INFO: JSON.stringify(execInfo) };
  for (const variable of exec.env ?? []) env[variable.name] = variable.value;

  const output = await spawnPlugin(
    commandPath(exec.command, options.baseDir),
    exec,
    env,
    interactive,
    options,
  );
  return parseCredential(output, apiVersion, exec.command);
}

function interactiveModeOf(exec: ExecConfig, apiVersion: string): InteractiveMode {
  if (exec.interactiveMode === undefined || exec.interactiveMode === '') {
    if (apiVersion.endsWith('/v1'))
      throw new LocalKubeconfigError(
        'exec plugin: interactiveMode is required with client.authentication.k8s.io/v1',
      );
    return 'IfAvailable';
  }
  if (!(interactiveModes as readonly string[]).includes(exec.interactiveMode))
    throw new LocalKubeconfigError(
      `exec plugin interactiveMode ${JSON.stringify(exec.interactiveMode)} is not one of ${interactiveModes.join(', ')}`,
    );
  return exec.interactiveMode as InteractiveMode;
}

/** kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH. */
function commandPath(command: string, baseDir: string): string {
  if (isAbsolute(command) || !command.includes(sep)) return command;
  return resolve(baseDir, command);
}

function spawnPlugin(
  command: string,
  exec: ExecConfig,
  env: NodeJS.ProcessEnv,
  interactive: boolean,
  options: ExecRunOptions,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, exec.args ?? [], {
      env,
      stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', options.onStderr);
    child.on('error', (error: NodeJS.ErrnoException) => {
      const hint = exec.installHint ? `\n${exec.installHint.trim()}` : '';
      reject(
        new LocalKubeconfigError(
          error.code === 'ENOENT'
            ? `exec plugin ${exec.command} was not found${hint}`
            : `exec plugin ${exec.command} could not start: ${error.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(stdout);
      else
        reject(
          new LocalKubeconfigError(
            `exec plugin ${exec.command} failed (${signal ? `signal ${signal}` : `exit code ${code}`})`,
          ),
        );
    });
  });
}

function parseCredential(output: string, apiVersion: string, command: string): ExecCredentialResult {
  let document: unknown;
  try {
    document = JSON.parse(output);
  } catch {
    throw new LocalKubeconfigError(`exec plugin ${command} did not print an ExecCredential (not JSON)`);
  }
  const credential = document as {
    apiVersion?: unknown;
    kind?: unknown;
    status?: {
      token?: unknown;
      clientCertificateData?: unknown;
      clientKeyData?: unknown;
      expirationTimestamp?: unknown;
    };
  };
  if (credential?.kind !== 'ExecCredential' || credential.apiVersion !== apiVersion)
    throw new LocalKubeconfigError(
      `exec plugin ${command} printed ${String(credential?.kind)} ${String(credential?.apiVersion)}, expected ExecCredential ${apiVersion}`,
    );
  const status = credential.status ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const token = text(status.token);
  const cert = text(status.clientCertificateData);
  const key = text(status.clientKeyData);
  if (!token && !(cert && key))
    throw new LocalKubeconfigError(
      `exec plugin ${command} returned neither a token nor a client certificate and key`,
    );
  const expires = text(status.expirationTimestamp);
  return {
    ...(token ? { token } : {}),
    ...(cert && key ? { clientCertificatePem: cert, clientKeyPem: key } : {}),
    ...(expires && !Number.isNaN(Date.parse(expires)) ? { expiresAt: new Date(expires) } : {}),
  };
}
