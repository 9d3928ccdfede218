import type { Container, PodSpec } from './pod-spec.types.js';

// Why: JSON.parse gives every combination of present keys its own hidden class, so ~100 rule checks reading
// `site.container` / `site.spec` meet dozens of shapes each, and V8 deoptimises and re-compiles them again and again
// over one cold scan (docs/benchmarks.md, "Rules bench: where the cold CPU goes"). Rules read pod specs and containers
// through these views instead: one object literal per kind, every Kubernetes field present (undefined when absent),
// so every view of a kind has one shape. Field values are the parsed objects themselves, so evidence and fingerprints
// keep their bytes. An object with a key outside the list (a field this list does not know, a typo) is returned as
// parsed, so rules see exactly what the snapshot holds.

/** Every field of a Kubernetes v1 Container (EphemeralContainer's `targetContainerName` included). */
const containerFields = new Set([
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'ports',
  'envFrom',
  'env',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
  'targetContainerName',
]);

/** Every field of a Kubernetes v1 PodSpec. */
const podSpecFields = new Set([
  'volumes',
  'initContainers',
  'containers',
  'ephemeralContainers',
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'dnsPolicy',
  'nodeSelector',
  'serviceAccountName',
  'serviceAccount',
  'automountServiceAccountToken',
  'nodeName',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'shareProcessNamespace',
  'securityContext',
  'imagePullSecrets',
  'hostname',
  'subdomain',
  'affinity',
  'schedulerName',
  'tolerations',
  'hostAliases',
  'priorityClassName',
  'priority',
  'dnsConfig',
  'readinessGates',
  'runtimeClassName',
  'enableServiceLinks',
  'preemptionPolicy',
  'overhead',
  'topologySpreadConstraints',
  'setHostnameAsFQDN',
  'os',
  'hostUsers',
  'schedulingGates',
  'resourceClaims',
  'resources',
]);

function onlyKnownKeys(value: unknown, fields: Set<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (!fields.has(key)) return false;
  return true;
}

/** `container` as an object of the one container shape, or as parsed when it holds a key outside the list. */
export function containerView(container: Container): Container {
  if (!onlyKnownKeys(container, containerFields)) return container;
  const c = container as unknown as Record<string, unknown>;
  return {
    name: c['name'],
    image: c['image'],
    command: c['command'],
    args: c['args'],
    workingDir: c['workingDir'],
    ports: c['ports'],
    envFrom: c['envFrom'],
    env: c['env'],
    resources: c['resources'],
    resizePolicy: c['resizePolicy'],
    restartPolicy: c['restartPolicy'],
    volumeMounts: c['volumeMounts'],
    volumeDevices: c['volumeDevices'],
    livenessProbe: c['livenessProbe'],
    readinessProbe: c['readinessProbe'],
    startupProbe: c['startupProbe'],
    lifecycle: c['lifecycle'],
    terminationMessagePath: c['terminationMessagePath'],
    terminationMessagePolicy: c['terminationMessagePolicy'],
    imagePullPolicy: c['imagePullPolicy'],
    securityContext: c['securityContext'],
    stdin: c['stdin'],
    stdinOnce: c['stdinOnce'],
    tty: c['tty'],
    targetContainerName: c['targetContainerName'],
  } as unknown as Container;
}

function containerViews(containers: unknown): unknown {
  if (!Array.isArray(containers)) return containers;
  const views = new Array<Container>(containers.length);
  for (let index = 0; index < containers.length; index++)
    views[index] = containerView(containers[index] as Container);
  return views;
}

/** `spec` as an object of the one pod spec shape (its containers as views), or as parsed when it holds an unknown key. */
export function podSpecView(spec: PodSpec): PodSpec {
  if (!onlyKnownKeys(spec, podSpecFields)) return spec;
  const s = spec as unknown as Record<string, unknown>;
  return {
    volumes: s['volumes'],
    initContainers: containerViews(s['initContainers']),
    containers: containerViews(s['containers']),
    ephemeralContainers: containerViews(s['ephemeralContainers']),
    restartPolicy: s['restartPolicy'],
    terminationGracePeriodSeconds: s['terminationGracePeriodSeconds'],
    activeDeadlineSeconds: s['activeDeadlineSeconds'],
    dnsPolicy: s['dnsPolicy'],
    nodeSelector: s['nodeSelector'],
    serviceAccountName: s['serviceAccountName'],
    serviceAccount: s['serviceAccount'],
    automountServiceAccountToken: s['automountServiceAccountToken'],
    nodeName: s['nodeName'],
    hostNetwork: s['hostNetwork'],
    hostPID: s['hostPID'],
    hostIPC: s['hostIPC'],
    shareProcessNamespace: s['shareProcessNamespace'],
    securityContext: s['securityContext'],
    imagePullSecrets: s['imagePullSecrets'],
    hostname: s['hostname'],
    subdomain: s['subdomain'],
    affinity: s['affinity'],
    schedulerName: s['schedulerName'],
    tolerations: s['tolerations'],
    hostAliases: s['hostAliases'],
    priorityClassName: s['priorityClassName'],
    priority: s['priority'],
    dnsConfig: s['dnsConfig'],
    readinessGates: s['readinessGates'],
    runtimeClassName: s['runtimeClassName'],
    enableServiceLinks: s['enableServiceLinks'],
    preemptionPolicy: s['preemptionPolicy'],
    overhead: s['overhead'],
    topologySpreadConstraints: s['topologySpreadConstraints'],
    setHostnameAsFQDN: s['setHostnameAsFQDN'],
    os: s['os'],
    hostUsers: s['hostUsers'],
    schedulingGates: s['schedulingGates'],
    resourceClaims: s['resourceClaims'],
    resources: s['resources'],
  } as unknown as PodSpec;
}
