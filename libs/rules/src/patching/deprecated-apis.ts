/** API versions removed from Kubernetes, with the release that removed them and the replacement. */
export const removedApis: { apiVersion: string; kinds?: string[]; removedIn: string; replacement: string }[] =
  [
    { apiVersion: 'extensions/v1beta1', removedIn: '1.22', replacement: 'apps/v1 or networking.k8s.io/v1' },
    { apiVersion: 'apps/v1beta1', removedIn: '1.16', replacement: 'apps/v1' },
    { apiVersion: 'apps/v1beta2', removedIn: '1.16', replacement: 'apps/v1' },
    {
      apiVersion: 'networking.k8s.io/v1beta1',
      kinds: ['Ingress', 'IngressClass'],
      removedIn: '1.22',
      replacement: 'networking.k8s.io/v1',
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1beta1',
      removedIn: '1.22',
      replacement: 'rbac.authorization.k8s.io/v1',
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1alpha1',
      removedIn: '1.22',
      replacement: 'rbac.authorization.k8s.io/v1',
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1beta1',
      removedIn: '1.22',
      replacement: 'admissionregistration.k8s.io/v1',
    },
    {
      apiVersion: 'policy/v1beta1',
      kinds: ['PodSecurityPolicy'],
      removedIn: '1.25',
      replacement: 'Pod Security Admission labels on namespaces',
    },
    {
      apiVersion: 'policy/v1beta1',
      kinds: ['PodDisruptionBudget'],
      removedIn: '1.25',
      replacement: 'policy/v1',
    },
    { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], removedIn: '1.25', replacement: 'batch/v1' },
    {
      apiVersion: 'discovery.k8s.io/v1beta1',
      kinds: ['EndpointSlice'],
      removedIn: '1.25',
      replacement: 'discovery.k8s.io/v1',
    },
    { apiVersion: 'autoscaling/v2beta1', removedIn: '1.25', replacement: 'autoscaling/v2' },
    { apiVersion: 'autoscaling/v2beta2', removedIn: '1.26', replacement: 'autoscaling/v2' },
    {
      apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
      removedIn: '1.29',
      replacement: 'flowcontrol.apiserver.k8s.io/v1',
    },
  ];
