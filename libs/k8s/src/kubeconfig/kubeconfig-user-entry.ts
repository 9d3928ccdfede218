import { type ClusterCredential } from './cluster-credential.js';
import { fileFix } from './kubeconfig-cluster-entry.js';
import { checkKnownFields, type NamedEntry, type Report } from './kubeconfig-entry.js';
import { certificatesParse, decodePem, privateKeyParses } from './pem-data.js';

const userFields = new Set([
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'token',
  'tokenFile',
  'as',
  'as-uid',
  'as-groups',
  'as-user-extra',
  'username',
  'password',
  'auth-provider',
  'exec',
  'extensions',
]);
const mintFix =
  'use a ServiceAccount token or client certificate minted from meshguard-reader.yaml (see docs/cluster-access.md)';

/** Vets a user entry and returns its credential: inline token, basic auth or client certificate; never exec, plugins or files. */
export function readUser(entry: NamedEntry, report: Report): ClusterCredential | undefined {
  const { body, path } = entry;
  checkKnownFields(entry, userFields, report);

  if (body.exec !== undefined) {
    report(
      `${path}.exec`,
      'runs a local command to obtain a token, which would run on meshguard servers',
      mintFix,
    );
  }
  if (body['auth-provider'] !== undefined) {
    report(
      `${path}.auth-provider`,
      'uses an auth-provider plugin, which reads local files and runs refresh commands',
      mintFix,
    );
  }
  if (body['client-certificate'] !== undefined) {
    report(
      `${path}.client-certificate`,
      'refers to a file, and meshguard never reads files named by a kubeconfig',
      fileFix('client-certificate-data'),
    );
  }
  if (body['client-key'] !== undefined) {
    report(
      `${path}.client-key`,
      'refers to a file, and meshguard never reads files named by a kubeconfig',
      fileFix('client-key-data'),
    );
  }
  if (body.tokenFile !== undefined) {
    report(
      `${path}.tokenFile`,
      'refers to a file, and meshguard never reads files named by a kubeconfig',
      'put the token itself in `token`',
    );
  }
  for (const field of ['as', 'as-uid', 'as-groups', 'as-user-extra']) {
    if (body[field] !== undefined) {
      report(
        `${path}.${field}`,
        'asks to impersonate another identity, which meshguard does not do',
        'give the credential of the reader identity itself',
      );
    }
  }

  const token = readHeaderSafe(body.token, `${path}.token`, 'token', report);
  const username = readHeaderSafe(body.username, `${path}.username`, 'username', report);
  const password = readHeaderSafe(body.password, `${path}.password`, 'password', report);
  if (username !== undefined && username.includes(':'))
    report(
      `${path}.username`,
      'contains a colon, which basic auth cannot carry',
      'use a user name without ":"',
    );

  const certData = body['client-certificate-data'];
  const keyData = body['client-key-data'];
  let certPem: string | undefined;
  let keyPem: string | undefined;
  if (certData !== undefined) {
    certPem = decodePem(certData, `${path}.client-certificate-data`, 'CERTIFICATE', report);
    if (certPem && !certificatesParse(certPem)) {
      report(
        `${path}.client-certificate-data`,
        'does not contain a readable X.509 certificate',
        'paste the base64 of the client certificate (PEM)',
      );
      certPem = undefined;
    }
  }
  if (keyData !== undefined) {
    keyPem = decodePem(keyData, `${path}.client-key-data`, 'PRIVATE KEY', report);
    if (keyPem && !privateKeyParses(keyPem)) {
      report(
        `${path}.client-key-data`,
        'does not contain a readable, unencrypted private key',
        'paste the base64 of the PEM private key that matches the certificate',
      );
      keyPem = undefined;
    }
  }
  if (certData !== undefined && keyData === undefined)
    report(
      `${path}.client-key-data`,
      'is missing while client-certificate-data is set',
      'add the matching private key',
    );
  if (keyData !== undefined && certData === undefined)
    report(
      `${path}.client-certificate-data`,
      'is missing while client-key-data is set',
      'add the matching certificate',
    );
  if ((body.username === undefined) !== (body.password === undefined)) {
    report(
      `${path}.${body.username === undefined ? 'username' : 'password'}`,
      'is missing; basic auth needs both',
      'set both username and password',
    );
  }
  if (token !== undefined && username !== undefined) {
    report(
      `${path}.username`,
      'is given together with a token, so it is unclear which credential to use',
      'keep either the token or username/password',
    );
  }

  if (certPem && keyPem)
    return { kind: 'client-certificate', certPem, keyPem, ...(token !== undefined ? { token } : {}) };
  if (token !== undefined) return { kind: 'bearer-token', token };
  if (username !== undefined && password !== undefined) return { kind: 'basic', username, password };
  const hasRejectedSource = ['exec', 'auth-provider', 'client-certificate', 'client-key', 'tokenFile'].some(
    (f) => body[f] !== undefined,
  );
  if (
    !hasRejectedSource &&
    certData === undefined &&
    keyData === undefined &&
    body.token === undefined &&
    body.username === undefined
  ) {
    report(
      path,
      'has no credential',
      'add a token, client-certificate-data + client-key-data, or username + password',
    );
  }
  return undefined;
}

/** Values sent in HTTP headers must not carry line breaks or other control characters (header injection). */
function readHeaderSafe(value: unknown, path: string, what: string, report: Report): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    report(path, `is not a non-empty string`, `set the ${what} as text or remove the field`);
    return undefined;
  }
  if (/[\u0000-\u001f\u007f]/.test(value) || (what === 'token' && /\s/.test(value))) {
    report(path, 'contains whitespace or control characters', `paste the ${what} exactly, on one line`);
    return undefined;
  }
  return value;
}
