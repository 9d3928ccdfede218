import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { snapshotKinds, type SnapshotKind } from '../../../src/snapshot/kinds.js';
import type { ClusterSnapshot, K8sObject } from '../../../src/snapshot/snapshot.js';

const byGroupKind = new Map<string, SnapshotKind>();
for (const [plural, info] of Object.entries(snapshotKinds)) byGroupKind.set(`${info.group}/${info.kind}`, plural as SnapshotKind);
// Calico's projectcalico.org/v3 API is served by its apiserver with the same kinds as the CRDs.
byGroupKind.set('projectcalico.org/NetworkPolicy', 'caliconetworkpolicies');
byGroupKind.set('projectcalico.org/GlobalNetworkPolicy', 'calicoglobalnetworkpolicies');
byGroupKind.set('extensions/Deployment', 'deployments');
byGroupKind.set('extensions/DaemonSet', 'daemonsets');
byGroupKind.set('extensions/ReplicaSet', 'replicasets');
byGroupKind.set('extensions/NetworkPolicy', 'networkpolicies');
byGroupKind.set('apps/v1beta1/Deployment', 'deployments');

function pluralOf(obj: K8sObject): SnapshotKind | undefined {
  const group = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0]! : '';
  return byGroupKind.get(`${group}/${obj.kind}`);
}

function addObject(snapshot: ClusterSnapshot, raw: unknown): void {
  if (!raw || typeof raw !== 'object') return;
  const obj = raw as K8sObject;
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj['items'])) {
    const itemKind = obj.kind.slice(0, -'List'.length);
    for (const item of obj['items'] as K8sObject[]) {
      addObject(snapshot, { ...item, apiVersion: item.apiVersion ?? obj.apiVersion, kind: item.kind ?? itemKind });
    }
    return;
  }
  if (!obj.metadata?.name) return;
  const plural = pluralOf(obj);
  if (!plural) return;
  (snapshot.resources[plural] ??= []).push(obj);
}

/** Builds a snapshot from YAML/JSON manifest text (multi-document, `List` kinds expanded); test helper only. */
export function snapshotFromYaml(...texts: string[]): ClusterSnapshot {
  const snapshot: ClusterSnapshot = {
    schemaVersion: 1,
    source: { type: 'manifests', location: '<inline>' },
    collectedAt: '2026-01-01T00:00:00Z',
    resources: {},
    coverage: { gaps: [] },
  };
  for (const text of texts) {
    let docs = parseAllDocuments(text);
    // Go's YAML parser (kubectl, netpol-analyzer) accepts tabs at the start of flow-sequence lines; retry that way.
    if (docs.some((d) => d.errors.length > 0)) docs = parseAllDocuments(text.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length)));
    for (const doc of docs) if (doc.errors.length === 0) addObject(snapshot, doc.toJS({ maxAliasCount: -1 }));
  }
  return snapshot;
}

/** Reads every .yaml/.yml/.json file under the paths (directories recursively) into one snapshot. */
export function snapshotFromFiles(paths: string[]): ClusterSnapshot {
  const files: string[] = [];
  const walk = (p: string): void => {
    if (statSync(p).isDirectory()) for (const entry of readdirSync(p).sort()) walk(path.join(p, entry));
    else if (/\.(ya?ml|json)$/i.test(p)) files.push(p);
  };
  paths.forEach(walk);
  const snapshot = snapshotFromYaml(...files.map((f) => readFileSync(f, 'utf8')));
  snapshot.source.location = paths.join(',');
  return snapshot;
}
