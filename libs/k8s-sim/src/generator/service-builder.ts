import type { K8sObject } from '../api/k8s-object.js';
import type { Rng } from './generator-random.js';
import { makeObject } from './object-factory.js';
import type { Placement } from './placement.js';
import type { ServiceTarget } from './workload-builder.js';

/** A Service plus the EndpointSlice that lists its ready pods. */
export function* serviceObjects(
  namespace: string,
  name: string,
  target: ServiceTarget | undefined,
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'Headless' | 'ExternalName',
  placement: Placement,
  rng: Rng,
  minute: number,
  port = 80,
): Generator<K8sObject> {
  if (type === 'ExternalName') {
    yield makeObject(
      'v1',
      'Service',
      { name, namespace, createdMinute: minute },
      {
        spec: { type: 'ExternalName', externalName: `${name}.legacy.example.com` },
        status: { loadBalancer: {} },
      },
    );
    return;
  }
  const clusterIP = type === 'Headless' ? 'None' : placement.clusterIp();
  const ports = [
    {
      name: 'http',
      protocol: 'TCP',
      port,
      targetPort: target?.port ?? port,
      ...(type === 'NodePort' || type === 'LoadBalancer' ? { nodePort: rng.int(30000, 32767) } : {}),
    },
  ];
  yield makeObject(
    'v1',
    'Service',
    { name, namespace, labels: target ? { app: target.name } : {}, createdMinute: minute },
    {
      spec: {
        type: type === 'Headless' ? 'ClusterIP' : type,
        clusterIP,
        clusterIPs: [clusterIP],
        ...(target ? { selector: target.labels } : {}),
        ports,
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ...(type === 'LoadBalancer' || type === 'NodePort' ? { externalTrafficPolicy: 'Cluster' } : {}),
      },
      status: {
        loadBalancer: type === 'LoadBalancer' ? { ingress: [{ ip: `203.0.113.${rng.int(1, 254)}` }] } : {},
      },
    },
  );
  if (!target) return;
  yield makeObject(
    'discovery.k8s.io/v1',
    'EndpointSlice',
    {
      name: `${name}-${rng.suffix(5)}`,
      namespace,
      labels: {
        'kubernetes.io/service-name': name,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
      createdMinute: minute,
    },
    {
      addressType: 'IPv4',
      endpoints: target.pods.map((p) => {
        const status = p.status as { podIP: string };
        const spec = p.spec as { nodeName: string };
        return {
          addresses: [status.podIP],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: spec.nodeName,
          targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
        };
      }),
      ports: [{ name: 'http', protocol: 'TCP', port: target.port }],
    },
  );
}
