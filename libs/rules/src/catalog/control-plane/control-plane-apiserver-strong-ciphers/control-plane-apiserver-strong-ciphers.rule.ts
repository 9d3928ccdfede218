import { defineRule } from '../../../engine/rule.js';
import { type ControlPlaneProcess, evaluateControlPlane, flagList } from '../../shared/control-plane.js';

/** The values `kube-apiserver --help` lists as insecure for --tls-cipher-suites (Go's crypto/tls InsecureCipherSuites). */
const insecureSuites = new Set([
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_ECDSA_WITH_RC4_128_SHA',
  'TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_ECDHE_RSA_WITH_RC4_128_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA256',
  'TLS_RSA_WITH_RC4_128_SHA',
]);

/** CIS 1.2.29: --tls-cipher-suites is set and names none of the suites Kubernetes documents as insecure. */
function problem(process: ControlPlaneProcess): string | undefined {
  const suites = flagList(process, 'tls-cipher-suites');
  if (suites.length === 0) return 'does not set --tls-cipher-suites';
  const weak = suites.filter((suite) => insecureSuites.has(suite));
  return weak.length === 0 ? undefined : `--tls-cipher-suites includes insecure ${weak.join(', ')}`;
}

export const controlPlaneApiserverStrongCiphersRule = defineRule({
  id: 'control-plane-apiserver-strong-ciphers',
  title: 'The API server must offer only strong TLS cipher suites',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'Cipher suites with 3DES, RC4 or CBC-SHA256 are broken or slow to patch against known attacks (Sweet32, Lucky13); the API server carries every credential of the cluster.',
  remediation: {
    text: 'Set --tls-cipher-suites to AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305).',
    example:
      'kube-apiserver --tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  },
  reads: ['pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0143', 'C-0277'] },
  evaluate: ({ snapshot }) => evaluateControlPlane(snapshot, 'kube-apiserver', 'TLS cipher suites', problem),
});
