import type { RequestOptions } from 'node:https';
import { readFileSync } from 'node:fs';
import { redactedCredential, type ClusterCredential } from '../cluster-credential.js';
import { readServer } from '../kubeconfig-cluster-entry.js';
import type { ParsedKubeconfig, ServerEndpoint } from '../kubeconfig-parser.js';
import {
  pinServerAddress,
  type ClusterTarget,
  type HostResolver,
} from '../../network/server-address-pinning.js';
import { RenewableToken } from '../../client/renewable-token.js';
import { runExecCredentialPlugin, type ExecConfig } from './exec-credential-plugin.js';
import { LocalKubeconfigError } from './local-kubeconfig.error.js';
import type { LocalKubeconfig } from './local-kubeconfig.js';

export interface TrustedAccessOptions {
  stdinIsTty: boolean;
  /** Receives an exec plugin's stderr. */
  onPluginStderr: (text: string) => void;
  resolver?: HostResolver;
  /** Environment an exec plugin inherits. */
  env: NodeJS.ProcessEnv;
}

export interface TrustedClusterAccess {
  target: ClusterTarget;
  /** An exec plugin's token, renewed by running the plugin again when it expires (pass it to the client). */
  renewableToken?: RenewableToken;
  /** Things the user should know, e.g. that TLS verification is off. */
  warnings: string[];
}

// A person's own kubeconfig may point anywhere kubectl would go: loopback (kind, minikube), private ranges, the lot.
const everyAddress = ['0.0.0.0/0', '::/0'];

/**
 * Turns a kubeconfig the user trusts (their own, as kubectl reads it) into a scan target: runs its exec plugin or
 * reads its token/certificate files, and allows any address. Never used for kubeconfigs submitted to the service.
 */
export async function prepareTrustedClusterAccess(
  local: LocalKubeconfig,
  options: TrustedAccessOptions,
): Promise<TrustedClusterAccess> {
  const { cluster, user } = local;
  const warnings: string[] = [];
  const server = serverOf(cluster.server, local.contextName);
  const caPem =
    cluster.caFile || cluster.caData
      ? readPem(cluster.caFile, cluster.caData, 'certificate-authority')
      : undefined;
  if (cluster.skipTLSVerify)
    warnings.push(
      `context ${local.contextName}: insecure-skip-tls-verify is set, so the API server's certificate is not checked`,
    );
  if (user.impersonateUser)
    warnings.push(`context ${local.contextName}: "as: ${user.impersonateUser}" (impersonation) is ignored`);

  const { credential, renewableToken } = await credentialOf(local, server, caPem, options);
  const kubeconfig: ParsedKubeconfig = {
    contextName: local.contextName,
    clusterName: cluster.name,
    userName: user.name,
    ...(local.namespace ? { namespace: local.namespace } : {}),
    server,
    tls: {
      ...(caPem ? { caPem } : {}),
      insecureSkipTlsVerify: cluster.skipTLSVerify === true,
      ...(cluster.tlsServerName ? { serverName: cluster.tlsServerName.toLowerCase() } : {}),
    },
    credential: redactedCredential(credential),
    fieldPaths: {
      context: `contexts[${local.contextName}]`,
      cluster: `clusters[${cluster.name}].cluster`,
      user: `users[${user.name}].user`,
    },
    availableContexts: [local.contextName],
  };
  const tlsName = kubeconfig.tls.serverName ?? server.hostname;
  if (cluster.proxyUrl) {
    // Through a proxy, the proxy resolves the name: connect by name, as kubectl does.
    return {
      target: {
        kubeconfig,
        address: { ip: server.hostname, family: 4, tlsName },
        proxyUrl: cluster.proxyUrl,
      },
      warnings,
      ...(renewableToken ? { renewableToken } : {}),
    };
  }
  const target = await pinServerAddress(kubeconfig, {
    allowedAddresses: everyAddress,
    ...(options.resolver ? { resolver: options.resolver } : {}),
  });
  return { target, warnings, ...(renewableToken ? { renewableToken } : {}) };
}

function serverOf(url: string, contextName: string): ServerEndpoint {
  const problems: string[] = [];
  const server = readServer(url, 'server', (_path, reason, fix) => problems.push(`${reason}; ${fix}`));
  if (!server)
    throw new LocalKubeconfigError(`context ${contextName}: the cluster's server ${problems.join('; ')}`);
  return server;
}

async function credentialOf(
  local: LocalKubeconfig,
  server: ServerEndpoint,
  caPem: string | undefined,
  options: TrustedAccessOptions,
): Promise<{ credential: ClusterCredential; renewableToken?: RenewableToken }> {
  const { user, cluster } = local;
  if (user.exec) {
    const runPlugin = () =>
      runExecCredentialPlugin(user.exec as ExecConfig, {
        stdinIsTty: options.stdinIsTty,
        baseDir: local.userSourceDir,
        onStderr: options.onPluginStderr,
        env: options.env,
        cluster: {
          server: server.url,
          ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
          ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
          ...(caPem ? { 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : {}),
          ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
        },
      });
    const result = await runPlugin();
    if (result.clientCertificatePem && result.clientKeyPem)
      return {
        credential: {
          kind: 'client-certificate',
          certPem: result.clientCertificatePem,
          keyPem: result.clientKeyPem,
          ...(result.token ? { token: result.token } : {}),
        },
      };
    // EKS, GKE and AKS plugins print tokens that live minutes: a long scan runs the plugin again, as kubectl does.
    const renewableToken = new RenewableToken(
      { token: result.token!, ...(result.expiresAt ? { expiresAt: result.expiresAt } : {}) },
      async () => {
        const renewed = await runPlugin();
        if (!renewed.token)
          throw new LocalKubeconfigError(`exec plugin ${user.exec?.command} printed no token`);
        return { token: renewed.token, ...(renewed.expiresAt ? { expiresAt: renewed.expiresAt } : {}) };
      },
    );
    return { credential: { kind: 'bearer-token', token: result.token! }, renewableToken };
  }

  // Everything else (token, token-file, certificate files, auth providers) is what client-node already does right.
  const applied: RequestOptions = {};
  try {
    await local.config.applyToHTTPSOptions(applied);
  } catch (error) {
    throw new LocalKubeconfigError(`user ${user.name}: ${(error as Error).message}`);
  }
  const headers = (applied.headers ?? {}) as Record<string, unknown>;
  const authorization = headers['Authorization'] ?? headers['authorization'];
  const token =
    typeof authorization === 'string' && authorization.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length).trim()
      : undefined;
  const certPem = pemText(applied.cert);
  const keyPem = pemText(applied.key);
  if (certPem && keyPem)
    return { credential: { kind: 'client-certificate', certPem, keyPem, ...(token ? { token } : {}) } };
  if (token) return { credential: { kind: 'bearer-token', token } };
  if (user.username && user.password)
    return { credential: { kind: 'basic', username: user.username, password: user.password } };
  throw new LocalKubeconfigError(
    `user ${user.name} of context ${local.contextName} has no credential meshguard can use (token, token-file, client certificate, exec plugin or basic auth)`,
  );
}

function readPem(file: string | undefined, data: string | undefined, field: string): string {
  try {
    return file ? readFileSync(file, 'utf8') : Buffer.from(data ?? '', 'base64').toString('utf8');
  } catch (error) {
    throw new LocalKubeconfigError(
      `cannot read ${field} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

function pemText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}
