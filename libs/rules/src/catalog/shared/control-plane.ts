import type { RuleEvaluation } from '../../engine/rule.js';
import type { ClusterSnapshot, K8sObject } from '../../snapshot/snapshot.js';
import type { Container } from '../../workload/pod-spec.types.js';
import { refOf } from '../../workload/resource-ref.js';

export interface ControlPlaneProcess {
  pod: K8sObject;
  container: string;
  flags: Map<string, string>;
  pointer: string;
  commandField: string;
}

/** Flags of a static control-plane pod (kubeadm-style, in kube-system), parsed from its command and args. */
export function controlPlaneFlags(snapshot: ClusterSnapshot, component: string): ControlPlaneProcess[] {
  const result: ControlPlaneProcess[] = [];
  for (const pod of snapshot.resources.pods ?? []) {
    if (pod.metadata.namespace !== 'kube-system') continue;
    const containers = (pod.spec as { containers?: Container[] } | undefined)?.containers ?? [];
    containers.forEach((container, index) => {
      const argv = [...(container.command ?? []), ...(container.args ?? [])];
      if (
        !argv.some((arg) => arg === component || arg.endsWith(`/${component}`)) &&
        pod.metadata.labels?.['component'] !== component
      )
        return;
      const flags = new Map<string, string>();
      for (const arg of argv) {
        const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
        if (match?.[1]) flags.set(match[1], match[2] ?? 'true');
      }
      result.push({
        pod,
        container: container.name,
        flags,
        pointer: `/spec/containers/${index}/command`,
        commandField: `spec.containers[${index}].command`,
      });
    });
  }
  return result;
}

/**
 * Checks every visible kube-apiserver: a finding on its command for each one `problem` words (e.g. `lacks --x`);
 * `manual` when no API server is visible (managed control plane), pointing at the provider's `setting`.
 */
export function evaluateApiServers(
  snapshot: ClusterSnapshot,
  setting: string,
  problem: (server: ControlPlaneProcess) => string | undefined,
): RuleEvaluation {
  const apiServers = controlPlaneFlags(snapshot, 'kube-apiserver');
  if (apiServers.length === 0)
    return {
      findings: [],
      checked: 0,
      manual: `kube-apiserver flags are not visible (managed control plane): check the provider’s ${setting}`,
    };
  return {
    checked: apiServers.length,
    findings: apiServers.flatMap((server) => {
      const text = problem(server);
      return text === undefined
        ? []
        : [
            {
              resource: refOf(server.pod),
              container: server.container,
              message: `${server.commandField} ${text}`,
              evidence: [{ pointer: server.pointer }],
            },
          ];
    }),
  };
}
