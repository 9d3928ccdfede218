import { readFile } from 'node:fs/promises';
import { startSimulator, type PolicyRule } from '@meshguard/k8s-sim';
import { allSnapshotKinds, snapshotKinds } from '@meshguard/rules';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { collectSnapshot, prepareClusterAccess, verifyAccess } from '../src/index.js';
import { clusterObjects } from './support/cluster-objects.js';

async function readerRules(): Promise<PolicyRule[]> {
  const text = await readFile(new URL('../deploy/meshguard-reader.yaml', import.meta.url), 'utf8');
  const documents = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; rules?: PolicyRule[] });
  const role = documents.find((d) => d.kind === 'ClusterRole');
  expect(role?.rules).toBeDefined();
  return role!.rules!;
}

describe('deploy/meshguard-reader.yaml', () => {
  it('grants only get and list', async () => {
    const rules = await readerRules();
    expect(new Set(rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list']));
    expect(rules.flatMap((r) => r.resources ?? []).some((r) => r.includes('*') || r.includes('/'))).toBe(
      false,
    );
  });

  it('covers every snapshot kind: a scan with it is read-only and complete', async () => {
    const rules = await readerRules();
    const sim = await startSimulator({
      objects: clusterObjects({ namespaces: 2, podsPerNamespace: 2 }),
      serveOptionalKinds: 'all',
      tokens: {
        reader: {
          user: 'system:serviceaccount:meshguard:meshguard-reader',
          groups: ['system:authenticated'],
          clusterRules: rules,
        },
      },
    });
    try {
      const target = await prepareClusterAccess(sim.kubeconfig({ token: 'reader' }), {
        allowedAddresses: ['127.0.0.1'],
      });
      const verdict = await verifyAccess(target);
      expect(verdict.classification).toBe('read-only');
      expect(verdict.sensitiveReads).toEqual([]);
      const result = await collectSnapshot(target);
      expect(result.snapshot.coverage.gaps).toEqual([]);
      expect(result.status).toBe('complete');
      expect(Object.keys(result.snapshot.resources).sort()).toEqual([...allSnapshotKinds].sort());
      for (const kind of allSnapshotKinds)
        expect(result.snapshot.resources[kind], `${kind} (${snapshotKinds[kind].kind})`).toBeDefined();
    } finally {
      await sim.stop();
    }
  });
});
