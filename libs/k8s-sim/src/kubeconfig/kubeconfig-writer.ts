import { stringify } from 'yaml';

export interface KubeconfigParts {
  server: string;
  caPem: string;
  context: string;
  userName: string;
  namespace?: string;
  credentials:
    | { token: string }
    | { clientCertPem: string; clientKeyPem: string }
    | { username: string; password: string };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** A self-contained kubeconfig (inline CA and credentials, no file references) as YAML. */
export function writeKubeconfig(parts: KubeconfigParts): string {
  const c = parts.credentials;
  const user =
    'token' in c
      ? { token: c.token }
      : 'clientCertPem' in c
        ? { 'client-certificate-data': b64(c.clientCertPem), 'client-key-data': b64(c.clientKeyPem) }
        : { username: c.username, password: c.password };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [
      {
        name: parts.context,
        cluster: { server: parts.server, 'certificate-authority-data': b64(parts.caPem) },
      },
    ],
    users: [{ name: parts.userName, user }],
    contexts: [
      {
        name: parts.context,
        context: { cluster: parts.context, user: parts.userName, namespace: parts.namespace ?? 'default' },
      },
    ],
    'current-context': parts.context,
  });
}
