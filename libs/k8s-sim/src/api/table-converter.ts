import type { K8sObject } from './k8s-object.js';

/** One column of a meta.k8s.io/v1 Table, as kubectl prints it. */
export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'date';
  format: string;
  description: string;
  priority: number;
  cell: (obj: K8sObject) => string | number;
}

type Obj = Record<string, unknown>;
const rec = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown, fallback = '<none>'): string => (typeof v === 'string' && v !== '' ? v : fallback);

/** `5d`, `3h`, `12m` like kubectl's age column. */
export function humanAge(timestamp: unknown, now = Date.now()): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const seconds = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 730 ? `${days}d` : `${Math.floor(days / 365)}y`;
}

function column(
  name: string,
  cell: TableColumn['cell'],
  priority = 0,
  type: TableColumn['type'] = 'string',
): TableColumn {
  return {
    name,
    type,
    format: name === 'Name' ? 'name' : '',
    description: `${name} of the object`,
    priority,
    cell,
  };
}

const nameColumn = column('Name', (o) => o.metadata.name);
const ageColumn = column('Age', (o) => humanAge(o.metadata.creationTimestamp));

function podReady(o: K8sObject): string {
  const statuses = arr(rec(o.status).containerStatuses);
  const containers = arr(rec(o.spec).containers);
  return `${statuses.filter((s) => rec(s).ready === true).length}/${containers.length}`;
}

function podRestarts(o: K8sObject): number {
  return arr(rec(o.status).containerStatuses).reduce<number>(
    (n, s) => n + (Number(rec(s).restartCount) || 0),
    0,
  );
}

function servicePorts(o: K8sObject): string {
  const ports = arr(rec(o.spec).ports).map((p) => {
    const port = rec(p);
    const node = port.nodePort ? `:${String(port.nodePort)}` : '';
    return `${String(port.port)}${node}/${str(port.protocol, 'TCP')}`;
  });
  return ports.length > 0 ? ports.join(',') : '<none>';
}

function selectorText(selector: unknown): string {
  const labels = rec(rec(selector).matchLabels);
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of arr(rec(selector).matchExpressions))
    parts.push(`${str(rec(e).key)} ${str(rec(e).operator)}`);
  return parts.length > 0 ? parts.join(',') : '<none>';
}

function readyOf(o: K8sObject): string {
  const s = rec(o.status);
  return `${Number(s.readyReplicas) || 0}/${Number(rec(o.spec).replicas ?? s.replicas) || 0}`;
}

const columnsByResource: Record<string, TableColumn[]> = {
  pods: [
    nameColumn,
    column('Ready', podReady),
    column('Status', (o) => str(rec(o.status).phase, 'Unknown')),
    column('Restarts', podRestarts, 0, 'integer'),
    ageColumn,
    column('IP', (o) => str(rec(o.status).podIP), 1),
    column('Node', (o) => str(rec(o.spec).nodeName), 1),
  ],
  namespaces: [nameColumn, column('Status', (o) => str(rec(o.status).phase, 'Active')), ageColumn],
  nodes: [
    nameColumn,
    column('Status', () => 'Ready'),
    column('Roles', (o) => {
      const roles = Object.keys(o.metadata.labels ?? {})
        .filter((k) => k.startsWith('node-role.kubernetes.io/'))
        .map((k) => k.slice('node-role.kubernetes.io/'.length));
      return roles.length > 0 ? roles.join(',') : '<none>';
    }),
    ageColumn,
    column('Version', (o) => str(rec(rec(o.status).nodeInfo).kubeletVersion)),
  ],
  services: [
    nameColumn,
    column('Type', (o) => str(rec(o.spec).type, 'ClusterIP')),
    column('Cluster-IP', (o) => str(rec(o.spec).clusterIP)),
    column('External-IP', (o) => {
      const ingress = arr(rec(rec(o.status).loadBalancer).ingress).map((i) =>
        str(rec(i).ip ?? rec(i).hostname),
      );
      return ingress.length > 0
        ? ingress.join(',')
        : rec(o.spec).type === 'LoadBalancer'
          ? '<pending>'
          : '<none>';
    }),
    column('Port(s)', servicePorts),
    ageColumn,
    column('Selector', (o) => selectorText({ matchLabels: rec(o.spec).selector }), 1),
  ],
  deployments: [
    nameColumn,
    column('Ready', readyOf),
    column('Up-to-date', (o) => Number(rec(o.status).updatedReplicas) || 0, 0, 'integer'),
    column('Available', (o) => Number(rec(o.status).availableReplicas) || 0, 0, 'integer'),
    ageColumn,
  ],
  statefulsets: [nameColumn, column('Ready', readyOf), ageColumn],
  replicasets: [
    nameColumn,
    column('Desired', (o) => Number(rec(o.spec).replicas) || 0, 0, 'integer'),
    column('Current', (o) => Number(rec(o.status).replicas) || 0, 0, 'integer'),
    column('Ready', (o) => Number(rec(o.status).readyReplicas) || 0, 0, 'integer'),
    ageColumn,
  ],
  daemonsets: [
    nameColumn,
    column('Desired', (o) => Number(rec(o.status).desiredNumberScheduled) || 0, 0, 'integer'),
    column('Current', (o) => Number(rec(o.status).currentNumberScheduled) || 0, 0, 'integer'),
    column('Ready', (o) => Number(rec(o.status).numberReady) || 0, 0, 'integer'),
    ageColumn,
  ],
  networkpolicies: [
    nameColumn,
    column('Pod-Selector', (o) => selectorText(rec(o.spec).podSelector)),
    ageColumn,
  ],
  ingresses: [
    nameColumn,
    column('Class', (o) => str(rec(o.spec).ingressClassName)),
    column('Hosts', (o) => {
      const hosts = arr(rec(o.spec).rules).map((r) => str(rec(r).host, '*'));
      return hosts.length > 0 ? hosts.join(',') : '*';
    }),
    column('Ports', (o) => (arr(rec(o.spec).tls).length > 0 ? '80, 443' : '80')),
    ageColumn,
  ],
  secrets: [
    nameColumn,
    column('Type', (o) => str(o.type, 'Opaque')),
    column('Data', (o) => Object.keys(rec(o.data)).length, 0, 'integer'),
    ageColumn,
  ],
  configmaps: [nameColumn, column('Data', (o) => Object.keys(rec(o.data)).length, 0, 'integer'), ageColumn],
  jobs: [
    nameColumn,
    column('Status', (o) => (Number(rec(o.status).succeeded) > 0 ? 'Complete' : 'Running')),
    ageColumn,
  ],
  cronjobs: [
    nameColumn,
    column('Schedule', (o) => str(rec(o.spec).schedule)),
    column('Suspend', (o) => String(rec(o.spec).suspend === true)),
    ageColumn,
  ],
};

/** The columns kubectl shows for a resource (Name and Age for kinds without specific columns). */
export function tableColumns(resource: string): TableColumn[] {
  return columnsByResource[resource] ?? [nameColumn, ageColumn];
}

/** A Table row: the cells plus the PartialObjectMetadata kubectl reads the namespace column from. */
export function tableRow(columns: readonly TableColumn[], obj: K8sObject): unknown {
  return {
    cells: columns.map((c) => c.cell(obj)),
    object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
  };
}

export function columnDefinitions(columns: readonly TableColumn[]): unknown[] {
  return columns.map(({ cell: _cell, ...definition }) => definition);
}
