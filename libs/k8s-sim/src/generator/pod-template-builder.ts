import type { PodTemplateFlags } from './cluster-plan.js';

export interface ContainerInput {
  name: string;
  image: string;
  port?: number;
  flags: PodTemplateFlags;
}

/** A pod spec whose security settings follow the flags exactly (what the rules are expected to detect). */
export function podSpec(input: {
  containers: ContainerInput[];
  serviceAccount: string;
  flags: PodTemplateFlags;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const f = input.flags;
  const volumes: unknown[] = [{ name: 'tmp', emptyDir: {} }];
  if (f.hostPath) volumes.push({ name: 'host-logs', hostPath: { path: '/var/log', type: 'Directory' } });
  return {
    ...(f.hostNetwork
      ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }
      : { dnsPolicy: 'ClusterFirst' }),
    ...(f.hostPID ? { hostPID: true } : {}),
    serviceAccountName: f.defaultServiceAccount ? 'default' : input.serviceAccount,
    ...(f.defaultServiceAccount ? {} : { automountServiceAccountToken: false }),
    securityContext: f.mayRunAsRoot
      ? {}
      : { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
    containers: input.containers.map((c) => container(c, f)),
    volumes,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    ...input.extra,
  };
}

function container(c: ContainerInput, f: PodTemplateFlags): Record<string, unknown> {
  const securityContext: Record<string, unknown> = {};
  // The API rejects privileged with allowPrivilegeEscalation=false, so privileged containers leave it unset.
  if (f.privileged) securityContext.privileged = true;
  else securityContext.allowPrivilegeEscalation = f.allowPrivilegeEscalation;
  if (!f.privileged && !f.allowPrivilegeEscalation) {
    securityContext.readOnlyRootFilesystem = true;
    securityContext.capabilities = { drop: ['ALL'] };
  }
  const mounts: unknown[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (f.hostPath) mounts.push({ name: 'host-logs', mountPath: '/host/var/log', readOnly: true });
  return {
    name: c.name,
    image: f.latestTag ? c.image.replace(/:[^:/]+$/, ':latest') : c.image,
    imagePullPolicy: f.latestTag ? 'Always' : 'IfNotPresent',
    ...(c.port !== undefined ? { ports: [{ name: 'http', containerPort: c.port, protocol: 'TCP' }] } : {}),
    resources: f.noLimits
      ? { requests: { cpu: '100m', memory: '128Mi' } }
      : { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    securityContext,
    volumeMounts: mounts,
  };
}

export const secureFlags: PodTemplateFlags = {
  privileged: false,
  hostNetwork: false,
  hostPID: false,
  hostPath: false,
  mayRunAsRoot: false,
  allowPrivilegeEscalation: false,
  noLimits: false,
  latestTag: false,
  defaultServiceAccount: false,
};
