import { defineRule, type RuleEvaluation, type RuleFinding } from '../../../engine/rule.js';
import type { ClusterSnapshot, K8sObject } from '../../../snapshot/snapshot.js';
import type { Container } from '../../../workload/pod-spec.types.js';
import { containerSites, podSpecSitesByNamespace } from '../../../workload/pod-specs.js';
import { pointer, refOf } from '../../../workload/resource-ref.js';
import { binaryFlags } from '../../shared/control-plane.js';
import { ruleFinding } from '../../../engine/rule-finding.js';

/** `metricsBindAddress` of a KubeProxyConfiguration written as YAML or JSON; '' when the key is absent. */
const metricsBindAddressKey = /(?:^|[\s{,])"?metricsBindAddress"?\s*:\s*["']?([^"',\s#}]*)/m;

/**
 * A problem unless the metrics server listens on loopback only. Empty means kube-proxy's default, 127.0.0.1:10249;
 * a host of `0.0.0.0`, `::`, nothing (`:10249`) or a CIDR such as `0.0.0.0/0` means every interface.
 */
function exposedAddress(address: string): boolean {
  if (address === '') return false;
  const colons = address.split(':').length - 1;
  const host = address.startsWith('[')
    ? address.slice(1, address.indexOf(']'))
    : colons === 1
      ? address.slice(0, address.indexOf(':'))
      : address;
  return !(/^127\./.test(host) || host === '::1' || host === 'localhost');
}

function configFindings(configMap: K8sObject): RuleFinding[] {
  const data = (configMap['data'] ?? {}) as Record<string, unknown>;
  const findings: RuleFinding[] = [];
  for (const key in data) {
    const text = data[key];
    if (!Object.hasOwn(data, key) || typeof text !== 'string' || !text.includes('KubeProxyConfiguration'))
      continue;
    const address = metricsBindAddressKey.exec(text)?.[1] ?? '';
    if (exposedAddress(address))
      findings.push(
        ruleFinding(
          refOf(configMap),
          `data.${key} sets metricsBindAddress: ${address}, so kube-proxy serves its metrics on every interface of the node`,
          [{ pointer: pointer('data', key) }],
        ),
      );
  }
  return findings;
}

/**
 * The flags of a kube-proxy container: one whose command names the binary, or that runs the kube-proxy image with its
 * own entrypoint (no flags: every default, metrics on 127.0.0.1:10249).
 */
function kubeProxyFlags(container: Container): Map<string, string> | undefined {
  const flags = binaryFlags(container, 'kube-proxy');
  if (flags) return flags;
  const command = [...(container.command ?? []), ...(container.args ?? [])];
  return command.length === 0 && /(^|\/)kube-proxy([:@]|$)/.test(container.image ?? '')
    ? new Map()
    : undefined;
}

function evaluateKubeProxy(snapshot: ClusterSnapshot): RuleEvaluation {
  // kube-system's `kube-proxy` (kubeadm) or `kube-proxy-config` (EKS), found by content wherever a distribution keeps it.
  const configMaps = (snapshot.resources.configmaps ?? []).filter((configMap) =>
    Object.values((configMap['data'] ?? {}) as Record<string, unknown>).some(
      (text) => typeof text === 'string' && text.includes('KubeProxyConfiguration'),
    ),
  );
  const findings = configMaps.flatMap(configFindings);
  let processes = 0;
  for (const site of podSpecSitesByNamespace(snapshot).get('kube-system') ?? []) {
    for (const container of containerSites(site)) {
      const flags = kubeProxyFlags(container.container);
      if (!flags) continue;
      processes += 1;
      // With --config, kube-proxy ignores its flags: the configuration file (the ConfigMap above) decides.
      const address = flags.get('metrics-bind-address');
      if (flags.has('config') || address === undefined || !exposedAddress(address)) continue;
      findings.push(
        ruleFinding(
          site.ref,
          `kube-proxy runs with --metrics-bind-address=${address}, so it serves its metrics on every interface of the node`,
          [{ pointer: `${container.pointer}/${container.container.command ? 'command' : 'args'}` }],
          container.container.name,
        ),
      );
    }
  }
  // Nothing found: no kube-proxy in the cluster (Cilium or another eBPF dataplane replaces it), so not applicable;
  // inputs that are not the whole cluster are withheld by the evidence scope.
  return { findings, checked: configMaps.length + processes };
}

export const kubeProxyMetricsBindAddressRule = defineRule({
  id: 'kube-proxy-metrics-bind-address',
  title: 'kube-proxy must serve its metrics on localhost only',
  area: 'control-plane',
  severity: 'medium',
  rationale:
    'kube-proxy runs on the host network of every node. Its metrics endpoint (port 10249, no authentication) bound to 0.0.0.0 is readable from every pod and from the node’s network, and tells an attacker the cluster’s Services, endpoints and sync timings. The default is 127.0.0.1:10249.',
  remediation: {
    text: 'Set metricsBindAddress to 127.0.0.1:10249 (or leave it empty for that default) in the KubeProxyConfiguration, or drop --metrics-bind-address=0.0.0.0 from the DaemonSet; let a node-local agent scrape it.',
    example:
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: 127.0.0.1:10249',
  },
  reads: ['configmaps', 'daemonsets', 'pods'],
  evidenceScope: 'cluster-config',
  equivalents: { kubescape: ['C-0291'] },
  evaluate: ({ snapshot }) => evaluateKubeProxy(snapshot),
});
