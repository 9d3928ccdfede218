import type { K8sObject } from '../../snapshot/snapshot.js';

export interface IngressBackend {
  service?: { name?: string; port?: { number?: number; name?: string } };
  serviceName?: string;
  servicePort?: number | string;
  resource?: unknown;
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  backend?: IngressBackend;
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: { host?: string; http?: { paths?: { path?: string; backend?: IngressBackend }[] } }[];
}

export type IngressObject = K8sObject & { spec?: IngressSpec };

/** Every backend of an Ingress with its JSON pointer (v1 and legacy v1beta1 shapes). */
export function ingressBackends(ingress: IngressObject): { backend: IngressBackend; pointer: string }[] {
  const result: { backend: IngressBackend; pointer: string }[] = [];
  if (ingress.spec?.defaultBackend)
    result.push({ backend: ingress.spec.defaultBackend, pointer: '/spec/defaultBackend' });
  if (ingress.spec?.backend) result.push({ backend: ingress.spec.backend, pointer: '/spec/backend' });
  (ingress.spec?.rules ?? []).forEach((rule, ruleIndex) =>
    (rule.http?.paths ?? []).forEach((path, pathIndex) => {
      if (path.backend)
        result.push({
          backend: path.backend,
          pointer: `/spec/rules/${ruleIndex}/http/paths/${pathIndex}/backend`,
        });
    }),
  );
  return result;
}

/** The class an Ingress asks for: spec.ingressClassName or the legacy annotation. */
export function ingressClassOf(ingress: IngressObject): string | undefined {
  return ingress.spec?.ingressClassName ?? ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
}

/** True when the Ingress is handled by ingress-nginx (by class name, or nginx-specific annotations). */
export function isNginxIngress(ingress: IngressObject): boolean {
  const klass = ingressClassOf(ingress);
  if (klass) return /nginx/i.test(klass);
  return Object.keys(ingress.metadata.annotations ?? {}).some((key) =>
    key.startsWith('nginx.ingress.kubernetes.io/'),
  );
}

/** Internal-only ingresses, by the common cloud and controller annotations or class names. */
export function isInternalIngress(ingress: IngressObject): boolean {
  const annotations = ingress.metadata.annotations ?? {};
  return (
    /internal|private/i.test(ingressClassOf(ingress) ?? '') ||
    annotations['alb.ingress.kubernetes.io/scheme'] === 'internal' ||
    annotations['kubernetes.io/ingress.class'] === 'gce-internal' ||
    Object.entries(annotations).some(([key, value]) =>
      key.endsWith('whitelist-source-range') || key.endsWith('allowlist-source-range')
        ? value.length > 0
        : false,
    )
  );
}
