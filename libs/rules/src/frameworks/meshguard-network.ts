import { catalog, type RuleId } from '../catalog/catalog.js';
import type { RuleArea } from '../engine/vocabulary.js';
import { defineFramework } from './framework.js';

const areaControls: { area: RuleArea; title: string }[] = [
  {
    area: 'networkpolicy',
    title: 'Workloads are isolated by NetworkPolicy, default-deny, without neutralising or over-broad rules',
  },
  {
    area: 'ingress',
    title: 'Ingresses terminate TLS, route only to existing backends and are protected at the edge',
  },
  {
    area: 'service',
    title: 'Services expose nothing sensitive outside the cluster and restrict who can reach load balancers',
  },
  { area: 'configmap', title: 'Configuration holds no secrets' },
  { area: 'secret', title: 'Secrets are mounted, narrowly readable, short-lived and encrypted at rest' },
  { area: 'daemonset', title: 'Node agents run and are ready everywhere; host access is allow-listed' },
  {
    area: 'pod-security',
    title: 'Pods meet the Pod Security Standards (baseline and restricted) and supply-chain hygiene',
  },
  {
    area: 'namespace',
    title: 'Namespaces enforce Pod Security Admission, quotas and environment separation',
  },
];

/** The meshguard network-security profile: one control per area, each covering every catalog rule of that area. */
export const meshguardNetwork = defineFramework({
  id: 'meshguard-network',
  title: 'meshguard network-security profile',
  version: '1.0',
  url: 'https://github.com/meshguard/meshguard/blob/main/docs/scoring.md',
  controls: areaControls.map(({ area, title }) => ({
    id: area,
    title,
    rules: catalog.filter((rule) => rule.area === area).map((rule) => rule.id as RuleId),
  })),
});
