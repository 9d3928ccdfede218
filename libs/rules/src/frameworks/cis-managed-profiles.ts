import { cisKubernetesV110 } from './cis-k8s-v1.10.js';
import type { Framework, FrameworkControl } from './framework.js';

type Provider = 'eks' | 'aks' | 'gke';

const providers: Record<Provider, { name: string; url: string }> = {
  eks: { name: 'Amazon EKS', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
  aks: { name: 'Azure AKS', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
  gke: { name: 'Google GKE', url: 'https://www.cisecurity.org/benchmark/kubernetes' },
};

/** Sections 1 (control-plane components) and 2 (etcd) run on the provider's side of a managed cluster. */
function providerOperated(control: FrameworkControl): boolean {
  return /^[12]\./.test(control.id);
}

/**
 * The CIS Kubernetes controls as they apply to a managed control plane: the control-plane and etcd controls are not
 * assessable from the cluster (the provider operates them; its own benchmark asks for attestation or console
 * settings), the workload and policy controls are unchanged. Control ids follow the CIS Kubernetes Benchmark; the
 * provider benchmarks renumber them (e.g. EKS 4.x for Kubernetes 5.x).
 */
function managedProfile(provider: Provider): Framework {
  const { name, url } = providers[provider];
  return {
    id: `cis-k8s-v1.10-${provider}`,
    title: `CIS Kubernetes Benchmark — ${name} profile`,
    version: cisKubernetesV110.version,
    url,
    controls: cisKubernetesV110.controls.map((control) =>
      providerOperated(control)
        ? {
            id: control.id,
            title: control.title,
            rules: [],
            manual: `not assessable on ${name}: the provider operates the control plane; check its console or attestation`,
          }
        : control,
    ),
  };
}

export const cisEks = managedProfile('eks');
export const cisAks = managedProfile('aks');
export const cisGke = managedProfile('gke');
