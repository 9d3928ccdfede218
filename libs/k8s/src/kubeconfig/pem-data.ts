import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Report } from './kubeconfig-entry.js';

/** Decodes a `*-data` field (base64 of PEM), reporting what is wrong with it. */
export function decodePem(value: unknown, path: string, label: string, report: Report): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    report(path, 'is not a base64 string', `paste the base64-encoded PEM (${label})`);
    return undefined;
  }
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    report(
      path,
      'is not valid base64',
      `paste the base64-encoded PEM (${label}); do not paste the PEM text itself`,
    );
    return undefined;
  }
  const pem = Buffer.from(compact, 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN ')) {
    report(path, 'does not decode to PEM', `paste the base64 of a PEM ${label} block`);
    return undefined;
  }
  return pem;
}

/** True when every CERTIFICATE block parses as X.509 (at least one block). */
export function certificatesParse(pem: string): boolean {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return false;
  try {
    for (const block of blocks) new X509Certificate(block);
    return true;
  } catch {
    return false;
  }
}

/** True for an unencrypted private key in any PEM form node:crypto reads. */
export function privateKeyParses(pem: string): boolean {
  try {
    createPrivateKey({ key: pem, format: 'pem' });
    return true;
  } catch {
    return false;
  }
}
