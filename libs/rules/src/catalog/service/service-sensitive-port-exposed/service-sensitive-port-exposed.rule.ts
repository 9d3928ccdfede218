import { defineRule } from '../../../engine/rule.js';
import type { K8sObject } from '../../../snapshot/snapshot.js';
import { evaluateObjects } from '../../shared/evaluate-sites.js';
import { objectFinding } from '../../shared/finding.js';
import type { ServiceSpec } from '../../shared/service-shape.js';
import { isExternalService, isInternalLoadBalancer } from '../../shared/service-shape.js';
import { amendedFinding } from '../../../engine/rule-finding.js';

/** Ports of data stores, control planes and admin UIs that must never face the internet. */
const sensitivePorts: Record<number, string> = {
  22: 'SSH',
  23: 'Telnet',
  2375: 'Docker API (plaintext)',
  2376: 'Docker API',
  2379: 'etcd',
  2380: 'etcd peer',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5601: 'Kibana',
  5984: 'CouchDB',
  6379: 'Redis',
  6443: 'Kubernetes API',
  8086: 'InfluxDB',
  9042: 'Cassandra',
  9090: 'Prometheus',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  10250: 'kubelet',
  10255: 'kubelet read-only',
  11211: 'Memcached',
  15672: 'RabbitMQ management',
  27017: 'MongoDB',
  1433: 'SQL Server',
  1521: 'Oracle',
  8500: 'Consul',
  8200: 'Vault',
  9093: 'Alertmanager',
  9092: 'Kafka',
  2181: 'ZooKeeper',
};

export const serviceSensitivePortExposedRule = defineRule({
  id: 'service-sensitive-port-exposed',
  title: 'Sensitive ports must not be exposed outside the cluster',
  area: 'service',
  severity: 'critical',
  rationale:
    'Databases, caches, etcd, the kubelet and admin dashboards exposed through LoadBalancer, NodePort or externalIPs are found by internet scanners within minutes; many run without authentication by default.',
  remediation: {
    text: 'Make the Service ClusterIP (or an internal load balancer restricted by source ranges) and reach it through a VPN or bastion.',
    example: 'spec:\n  type: ClusterIP',
  },
  reads: ['services'],
  evidenceScope: 'object',
  params: { extraPorts: { default: [] as number[], description: 'Additional ports to treat as sensitive.' } },
  evaluate: ({ snapshot, params }) => evaluateObjects(snapshot, 'services', checkService, params.extraPorts),
});

/** `extraPorts`: ports the user added to the sensitive list. */
function checkService(service: K8sObject & { spec?: ServiceSpec }, extraPorts: number[]) {
  if (
    !isExternalService(service.spec) ||
    (service.spec?.type === 'LoadBalancer' &&
      isInternalLoadBalancer(service.metadata.annotations) &&
      !service.spec.externalIPs?.length)
  )
    return undefined;
  return (service.spec?.ports ?? []).flatMap((port, index) => {
    const numbers = [port.port, typeof port.targetPort === 'number' ? port.targetPort : undefined];
    const hit = numbers.find(
      (number) =>
        number !== undefined && (sensitivePorts[number] !== undefined || extraPorts.includes(number)),
    );
    if (hit === undefined) return [];
    const field = hit === port.port ? 'port' : 'targetPort';
    return [
      amendedFinding(
        objectFinding(
          service,
          `/spec/ports/${index}/${field}`,
          `is ${hit} (${sensitivePorts[hit] ?? 'sensitive'}) on a ${service.spec?.type ?? 'ClusterIP'} Service reachable from outside the cluster`,
          hit,
        ),
        { exposure: 'internet' },
      ),
    ];
  });
}
