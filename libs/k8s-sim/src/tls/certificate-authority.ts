import { generateKeyPair, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

/** A PEM certificate with its private key. */
export interface IssuedCertificate {
  certPem: string;
  keyPem: string;
}

export interface ClientIdentity {
  /** Becomes the certificate's CN, i.e. the Kubernetes user name. */
  user: string;
  /** Become the certificate's O entries, i.e. the Kubernetes groups. */
  groups?: string[];
}

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
}

const validityMs = 24 * 60 * 60 * 1000;
const generateRsa = promisify(generateKeyPair);

/** RSA keys come from node:crypto (native; the async form runs off the main thread); node-forge only signs. */
function toForge(privateKey: KeyObject): KeyPair {
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

async function newKeyPair(): Promise<KeyPair> {
  const { privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  return toForge(privateKey);
}

function newKeyPairSync(): KeyPair {
  return toForge(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
}

function newCertificate(publicKey: forge.pki.PublicKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A leading 0x01 byte keeps the serial positive and its DER encoding minimal. ('0' + 30 hex digits gave an odd-length
  // hex string whose first byte was 0x00 one time in sixteen: a non-minimal INTEGER that OpenSSL refuses to parse.)
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60_000);
  cert.validity.notAfter = new Date(now + validityMs);
  return cert;
}

/**
 * A throwaway certificate authority generated in memory at simulator start: it signs the server certificate
 * (SANs for 127.0.0.1, ::1 and localhost) and client certificates for client-certificate authentication.
 */
export class CertificateAuthority {
  readonly caPem: string;
  private readonly caCert: forge.pki.Certificate;

  private constructor(
    keys: KeyPair,
    private readonly caKey: forge.pki.rsa.PrivateKey = keys.privateKey,
    commonName = 'meshguard-k8s-sim-ca',
  ) {
    const cert = newCertificate(keys.publicKey);
    const subject = [{ name: 'commonName', value: commonName }];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
    this.caCert = cert;
    this.caPem = forge.pki.certificateToPem(cert);
  }

  static async create(): Promise<CertificateAuthority> {
    return new CertificateAuthority(await newKeyPair());
  }

  /** A serving certificate for the given host names and IP addresses. */
  async issueServerCertificate(hosts: { dns: string[]; ips: string[] }): Promise<IssuedCertificate> {
    const keys = await newKeyPair();
    const cert = newCertificate(keys.publicKey);
    cert.setSubject([{ name: 'commonName', value: hosts.dns[0] ?? hosts.ips[0] ?? 'k8s-sim' }]);
    cert.setIssuer(this.caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...hosts.dns.map((value) => ({ type: 2, value })),
          ...hosts.ips.map((ip) => ({ type: 7, ip })),
        ],
      },
    ]);
    cert.sign(this.caKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
  }

  /** A client certificate whose CN is the user and whose O entries are the groups, as the API server reads them. */
  async issueClientCertificate(identity: ClientIdentity): Promise<IssuedCertificate> {
    return this.signClient(identity, await newKeyPair());
  }

  /** Synchronous form (blocks ~100 ms for the key) for building a kubeconfig on demand. */
  issueClientCertificateSync(identity: ClientIdentity): IssuedCertificate {
    return this.signClient(identity, newKeyPairSync());
  }

  private signClient(identity: ClientIdentity, keys: KeyPair): IssuedCertificate {
    const cert = newCertificate(keys.publicKey);
    cert.setSubject([
      { name: 'commonName', value: identity.user },
      ...(identity.groups ?? []).map((value) => ({ name: 'organizationName', value })),
    ]);
    cert.setIssuer(this.caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ]);
    cert.sign(this.caKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
  }
}
