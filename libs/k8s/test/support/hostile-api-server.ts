import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { stringify } from 'yaml';

/**
 * A minimal HTTPS endpoint on loopback that answers like a misbehaving or malicious API server (gzip bombs, redirects,
 * giant error texts): things the simulator, which behaves, never does. `respond` decides per request path.
 */
export async function startHostileApiServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ kubeconfig: string; stop: () => Promise<void> }> {
  const { certPem, keyPem } = selfSignedLoopbackCertificate();
  const server: Server = createServer({ cert: certPem, key: keyPem }, respond);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'hostile',
        cluster: {
          server: `https://127.0.0.1:${port}`,
          'certificate-authority-data': Buffer.from(certPem).toString('base64'),
        },
      },
    ],
    users: [{ name: 'u', user: { token: 'anything' } }],
    contexts: [{ name: 'hostile', context: { cluster: 'hostile', user: 'u' } }],
    'current-context': 'hostile',
  });
  return {
    kubeconfig,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function selfSignedLoopbackCertificate(): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  const subject = [{ name: 'commonName', value: 'hostile-api' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
