import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import { isExternalService, type ServiceSpec } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

/** Well-known ports of protocols that carry credentials or data in clear text. */
const plaintextPorts: Record<number, string> = {
  21: 'FTP',
  23: 'Telnet',
  80: 'HTTP',
  110: 'POP3',
  143: 'IMAP',
  389: 'LDAP',
  1883: 'MQTT',
  5672: 'AMQP',
  8080: 'HTTP',
  8000: 'HTTP',
  9000: 'HTTP',
  25: 'SMTP',
};

export const encryptionPlaintextServicePortRule = defineRule({
  id: 'encryption-plaintext-service-port',
  title: 'Services reachable from outside the cluster must not expose plaintext protocols',
  area: 'encryption',
  severity: 'medium',
  rationale:
    'HTTP, FTP, Telnet, LDAP, MQTT or AMQP on a LoadBalancer, NodePort or external IP carries passwords, tokens and data readable and modifiable by anyone on the path. Terminate TLS at the load balancer or the application.',
  remediation: {
    text: 'Expose only the TLS port (443, 636, 8883, 5671…) or put the Service behind an Ingress that terminates TLS.',
    example: 'ports:\n  - name: https\n    port: 443\n    targetPort: 8443',
  },
  reads: ['services'],
  evidenceScope: 'object',
  evaluate: ({ snapshot }) =>
    evaluateObjects<K8sObject & { spec?: ServiceSpec }>(snapshot, 'services', checkService),
});

function checkService(service: K8sObject & { spec?: ServiceSpec }) {
  if (!isExternalService(service.spec)) return undefined;
  return (service.spec?.ports ?? []).flatMap((port, index) => {
    const byNumber = port.port !== undefined ? plaintextPorts[port.port] : undefined;
    const byName =
      /^(http|ftp|telnet|ldap|mqtt|amqp)(-|$)/i.test(port.appProtocol ?? port.name ?? '') &&
      !/https|tls|ssl/i.test(port.appProtocol ?? port.name ?? '');
    if (!byNumber && !byName) return [];
    const protocol = byNumber ?? (port.appProtocol ?? port.name ?? '').toUpperCase();
    return [
      amendedFinding(
        objectFinding(
          service,
          `/spec/ports/${index}/port`,
          `is ${port.port} (${protocol}, plaintext) on a ${service.spec?.type ?? 'ClusterIP'} Service reachable from outside the cluster`,
          port.port,
        ),
        { exposure: 'internet' },
      ),
    ];
  });
}
