import type { K8sObject } from '../api/k8s-object.js';

type FieldReader = (obj: K8sObject) => string | undefined;

function path(obj: unknown, ...keys: string[]): string | undefined {
  let current: unknown = obj;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'boolean' || typeof current === 'number') return String(current);
  return undefined;
}

const common: Record<string, FieldReader> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
};

/** Field-selector labels each resource supports beyond metadata.name/namespace, as the real API server lists them. */
const perResource: Record<string, Record<string, FieldReader>> = {
  pods: {
    'spec.nodeName': (o) => path(o, 'spec', 'nodeName'),
    'spec.restartPolicy': (o) => path(o, 'spec', 'restartPolicy'),
    'spec.schedulerName': (o) => path(o, 'spec', 'schedulerName'),
    'spec.serviceAccountName': (o) => path(o, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => path(o, 'spec', 'hostNetwork') ?? 'false',
    'status.phase': (o) => path(o, 'status', 'phase'),
    'status.podIP': (o) => path(o, 'status', 'podIP'),
  },
  secrets: { type: (o) => path(o, 'type') },
  nodes: { 'spec.unschedulable': (o) => path(o, 'spec', 'unschedulable') ?? 'false' },
  namespaces: { 'status.phase': (o) => path(o, 'status', 'phase') },
  replicasets: { 'status.replicas': (o) => path(o, 'status', 'replicas') },
  jobs: { 'status.successful': (o) => path(o, 'status', 'succeeded') },
  events: {
    'involvedObject.kind': (o) => path(o, 'involvedObject', 'kind'),
    'involvedObject.name': (o) => path(o, 'involvedObject', 'name'),
    'involvedObject.namespace': (o) => path(o, 'involvedObject', 'namespace'),
    reason: (o) => path(o, 'reason'),
    type: (o) => path(o, 'type'),
  },
};

/** The field labels a resource supports in `fieldSelector`. */
export function supportedFieldLabels(resource: string): string[] {
  return [...Object.keys(common), ...Object.keys(perResource[resource] ?? {})];
}

/** Extracts the selectable fields of one object (only non-empty values are kept, to stay compact). */
export function selectableFields(resource: string, obj: K8sObject): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [label, read] of Object.entries(perResource[resource] ?? {})) {
    const value = read(obj);
    if (value !== undefined && value !== '') fields[label] = value;
  }
  return fields;
}
