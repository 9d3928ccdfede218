import { isIP } from 'node:net';
import { checkKnownFields, type NamedEntry, type Report } from './kubeconfig-entry.js';
import type { KubeconfigParseOptions, ParsedKubeconfig, ServerEndpoint } from './kubeconfig-parser.js';
import { certificatesParse, decodePem } from './pem-data.js';

const clusterFields = new Set([
  'server',
  'tls-server-name',
  'insecure-skip-tls-verify',
  'certificate-authority',
  'certificate-authority-data',
  'proxy-url',
  'disable-compression',
  'extensions',
]);

/** Fix text for a file reference: embed the data field instead. */
export const fileFix = (dataField: string) =>
  `embed the content instead with \`${dataField}\` (base64), e.g. run \`kubectl config view --minify --flatten\``;

/** Vets a cluster entry: inline CA only, https only, no proxy, TLS verification on unless explicitly allowed. */
export function readCluster(
  entry: NamedEntry,
  options: KubeconfigParseOptions,
  report: Report,
): { server: ServerEndpoint; tls: ParsedKubeconfig['tls'] } | undefined {
  const { body, path } = entry;
  checkKnownFields(entry, clusterFields, report);

  if (body['certificate-authority'] !== undefined) {
    report(
      `${path}.certificate-authority`,
      'refers to a file, and meshguard never reads files named by a kubeconfig',
      fileFix('certificate-authority-data'),
    );
  }
  if (body['proxy-url'] !== undefined) {
    report(
      `${path}.proxy-url`,
      'routes traffic through a proxy, which meshguard does not use',
      'remove proxy-url and give a server address meshguard can reach directly',
    );
  }
  const insecure = body['insecure-skip-tls-verify'];
  if (insecure !== undefined && typeof insecure !== 'boolean')
    report(`${path}.insecure-skip-tls-verify`, 'is not true or false', 'remove it');
  const skipTls = insecure === true;
  if (skipTls && !options.allowInsecureSkipTlsVerify) {
    report(
      `${path}.insecure-skip-tls-verify`,
      'turns off verification of the API server certificate, so anyone in the path could read the credential',
      'remove it and add certificate-authority-data with the cluster CA (an operator can allow it for a specific cluster)',
    );
  }

  let caPem: string | undefined;
  const caData = body['certificate-authority-data'];
  if (caData !== undefined) {
    caPem = decodePem(caData, `${path}.certificate-authority-data`, 'CERTIFICATE', report);
    if (caPem && skipTls) {
      report(
        `${path}.certificate-authority-data`,
        'is given together with insecure-skip-tls-verify',
        'keep the CA data and remove insecure-skip-tls-verify',
      );
    }
    if (caPem && !certificatesParse(caPem)) {
      report(
        `${path}.certificate-authority-data`,
        'does not contain a readable X.509 certificate',
        'paste the base64 of the cluster CA certificate (PEM)',
      );
      caPem = undefined;
    }
  }

  const tlsServerName = body['tls-server-name'];
  if (
    tlsServerName !== undefined &&
    (typeof tlsServerName !== 'string' || !/^[A-Za-z0-9.-]{1,253}$/.test(tlsServerName))
  ) {
    report(
      `${path}.tls-server-name`,
      'is not a DNS name',
      'set the name in the server certificate, or remove it',
    );
  }

  const server = readServer(body.server, `${path}.server`, report);
  if (!server) return undefined;
  return {
    server,
    tls: {
      ...(caPem ? { caPem } : {}),
      insecureSkipTlsVerify: skipTls,
      ...(typeof tlsServerName === 'string' ? { serverName: tlsServerName.toLowerCase() } : {}),
    },
  };
}

export function readServer(value: unknown, path: string, report: Report): ServerEndpoint | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    report(path, 'is missing', 'set the API server URL, e.g. https://api.example.com:6443');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    report(
      path,
      `${JSON.stringify(value)} is not a URL`,
      'set the API server URL, e.g. https://api.example.com:6443',
    );
    return undefined;
  }
  if (url.protocol === 'http:') {
    report(
      path,
      'uses http://, which would send the credential unencrypted',
      'use the https:// address of the API server',
    );
    return undefined;
  }
  if (url.protocol !== 'https:') {
    report(path, `uses the ${url.protocol} scheme`, 'use the https:// address of the API server');
    return undefined;
  }
  if (url.username || url.password) {
    report(
      path,
      'carries credentials in the URL',
      'remove user:password@ from the URL and put the credential in the user entry',
    );
    return undefined;
  }
  if (url.search || url.hash) {
    report(
      path,
      'has a query string or fragment',
      'give only scheme, host, port and (if needed) a path prefix',
    );
    return undefined;
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const basePath = url.pathname.replace(/\/+$/, '');
  const port = url.port === '' ? 443 : Number(url.port);
  const host = isIP(hostname) === 6 ? `[${hostname}]` : hostname;
  return { url: `https://${host}:${port}${basePath}`, hostname: hostname.toLowerCase(), port, basePath };
}
