/** The subset of a Service spec the rules read. */
export interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports?: {
    name?: string;
    port?: number;
    targetPort?: number | string;
    nodePort?: number;
    protocol?: string;
    appProtocol?: string;
  }[];
  externalIPs?: string[];
  loadBalancerSourceRanges?: string[];
  externalTrafficPolicy?: string;
  externalName?: string;
}

/** True for Service types reachable from outside the cluster. */
export function isExternalService(spec: ServiceSpec | undefined): boolean {
  return spec?.type === 'LoadBalancer' || spec?.type === 'NodePort' || (spec?.externalIPs?.length ?? 0) > 0;
}

/** Internet-facing LoadBalancers: not annotated internal for the common clouds. */
export function isInternalLoadBalancer(annotations: Record<string, string> | undefined): boolean {
  const a = annotations ?? {};
  return (
    a['service.beta.kubernetes.io/aws-load-balancer-internal'] === 'true' ||
    a['service.beta.kubernetes.io/aws-load-balancer-scheme'] === 'internal' ||
    a['service.beta.kubernetes.io/azure-load-balancer-internal'] === 'true' ||
    a['networking.gke.io/load-balancer-type'] === 'Internal' ||
    a['cloud.google.com/load-balancer-type'] === 'Internal' ||
    a['service.beta.kubernetes.io/oci-load-balancer-internal'] === 'true'
  );
}
