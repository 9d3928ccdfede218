import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SnapshotSecret } from '@meshguard/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeManifestProblem,
  loadManifests,
  ManifestSourceError,
  snapshotFromManifests,
} from '../src/index.js';

let dir: string;

const helmOutput = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
  labels:
    helm.sh/chart: shop-1.2.0
---
# Source: shop/templates/empty.yaml
---
---
# Source: shop/templates/secret.yaml
apiVersion: v1
kind: Secret
metadata:
  name: shop-db
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"p4ssw0rd-in-annotation"}}'
type: Opaque
stringData:
  password: "p4ssw0rd-plain"
data:
  apiKey: ${Buffer.from('AKIAABCDEFGHIJKLMNOP').toString('base64')}
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: shop
  managedFields: [{manager: helm}]
spec:
  replicas: 2
  template:
    spec:
      containers: [{name: web, image: shop:1.0}]
---
# a broken document in the middle
apiVersion: v1
kind: Service
metadata: {name: broken
spec: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
`;

const list = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'shop' },
      data: { a: '1' },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop' } },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'shop', namespace: 'shop' },
    },
  ],
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshguard-manifests-'));
  await mkdir(join(dir, 'nested', 'deeper'), { recursive: true });
  await mkdir(join(dir, '.git'));
  await writeFile(join(dir, 'rendered.yaml'), helmOutput);
  await writeFile(join(dir, 'nested', 'list.json'), JSON.stringify(list, null, 2));
  await writeFile(
    join(dir, 'nested', 'deeper', 'odd.yml'),
    'just a string\n---\n- a\n- list\n---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: old, namespace: shop}\n',
  );
  await writeFile(join(dir, 'nested', 'broken.json'), '{"apiVersion": "v1", "kind": ');
  await writeFile(
    join(dir, 'nested', 'dup.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop, namespace: shop}\nspec: {replicas: 5}\n',
  );
  await writeFile(join(dir, 'README.md'), '# not a manifest');
  await writeFile(join(dir, '.git', 'config.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: hidden}\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('manifests loader', () => {
  it('keeps every good document and reports each bad one with file, document index and reason', async () => {
    const result = await loadManifests(dir, { now: () => new Date('2026-03-01T00:00:00Z') });
    const described = result.problems.map(describeManifestProblem);

    expect(result.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'nested/broken.json',
      'nested/deeper/odd.yml',
      'nested/dup.yaml',
      'nested/list.json',
      'rendered.yaml',
    ]);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: join(dir, 'rendered.yaml'),
          document: 6,
          severity: 'error',
          reason: expect.stringMatching(/not valid YAML at line \d+/),
        }),
        expect.objectContaining({
          file: join(dir, 'nested/list.json'),
          document: 1,
          item: 3,
          reason: 'ConfigMap has no metadata.name',
        }),
        expect.objectContaining({
          file: join(dir, 'nested/deeper/odd.yml'),
          document: 1,
          reason: 'is a string, not a Kubernetes object',
        }),
        expect.objectContaining({
          file: join(dir, 'nested/deeper/odd.yml'),
          document: 2,
          reason: 'is a list of values, not a Kubernetes object',
        }),
        expect.objectContaining({
          file: join(dir, 'nested/broken.json'),
          reason: expect.stringMatching(/^not valid JSON/),
        }),
        expect.objectContaining({
          file: join(dir, 'rendered.yaml'),
          document: 5,
          severity: 'warning',
          reason: expect.stringMatching(
            /Deployment shop\/shop is defined again \(first in .*dup\.yaml document 1\)/,
          ),
        }),
      ]),
    );
    expect(result.problems).toHaveLength(6);
    expect(described.some((d) => /rendered\.yaml document 6 \(line \d+\): not valid YAML/.test(d))).toBe(
      true,
    );

    const { snapshot } = result;
    expect(snapshot.source).toEqual({ type: 'manifests', location: dir });
    expect(snapshot.collectedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(snapshot.coverage.gaps).toEqual([]);
    expect(snapshot.resources.serviceaccounts).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ name: 'shop', namespace: 'default' }) }),
    ]);
    expect(snapshot.resources.namespaces!.map((n) => n.metadata.name)).toEqual(['shop']);
    expect(snapshot.resources.configmaps!.map((c) => c.metadata.name)).toEqual(['settings']);
    expect(snapshot.resources.networkpolicies).toHaveLength(1);
    expect(snapshot.resources.deployments).toHaveLength(1);
    // The later definition wins, as kubectl apply would leave it.
    expect(snapshot.resources.deployments![0]!.spec).toEqual({ replicas: 2, template: expect.any(Object) });
    expect(snapshot.resources.pods).toEqual([]);
    // A removed apiVersion is read as the current kind, its apiVersion kept for patching-deprecated-apis.
    expect(snapshot.resources.ingresses).toEqual([
      expect.objectContaining({ apiVersion: 'extensions/v1beta1', kind: 'Ingress' }),
    ]);
    expect(result.ignored).toEqual([
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', count: 1 },
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('managedFields');
  });

  it('digests Secret data and stringData the same way as the collector, leaving no plaintext', async () => {
    const { snapshot } = await loadManifests(join(dir, 'rendered.yaml'));
    const secret = snapshot.resources.secrets![0] as SnapshotSecret;
    expect(Object.keys(secret.data!).sort()).toEqual(['apiKey', 'password']);
    expect(secret.data!.password).toEqual({ hmac: expect.any(String), bytes: 'p4ssw0rd-plain'.length });
    expect(secret.data!.apiKey!.looksLike).toBe('aws-access-key-id');
    expect(secret).not.toHaveProperty('stringData');
    const text = JSON.stringify(snapshot);
    for (const plaintext of [
      'p4ssw0rd-plain',
      'p4ssw0rd-in-annotation',
      'AKIAABCDEFGHIJKLMNOP',
      Buffer.from('AKIAABCDEFGHIJKLMNOP').toString('base64'),
    ]) {
      expect(text).not.toContain(plaintext);
    }
  });

  it('builds a snapshot from in-memory texts (uploads) with the same rules', () => {
    const result = snapshotFromManifests(
      [{ name: 'upload.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\nkind: Pod\n' }],
      { defaultNamespace: 'apps' },
    );
    expect(result.snapshot.resources.pods).toEqual([
      expect.objectContaining({ metadata: { name: 'a', namespace: 'apps' } }),
    ]);
    expect(result.problems).toEqual([
      { file: 'upload.yaml', document: 2, line: 5, reason: 'Pod has no apiVersion', severity: 'error' },
    ]);
  });

  it('reads removed API versions as their current kinds, every <Kind>List, and ignores YAML that is no object', () => {
    const podList = {
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion: '42' },
      items: [
        {
          metadata: { name: 'saved', namespace: 'shop' },
          spec: { containers: [{ name: 'a', image: 'a:1' }] },
        },
      ],
    };
    const result = snapshotFromManifests([
      { name: 'pods.json', text: JSON.stringify(podList) },
      {
        name: 'old.yaml',
        text: [
          'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: nightly, namespace: shop}\nspec: {schedule: "@daily", jobTemplate: {spec: {template: {spec: {containers: [{name: c, image: c:1}]}}}}}',
          'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: legacy, namespace: shop}\nspec: {template: {spec: {containers: [{name: d, image: d:1}]}}}',
          'apiVersion: apps/v1beta2\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec: {template: {spec: {containers: [{name: db, image: db:1}]}}}',
          'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []',
          'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}',
          'apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: typo, namespace: shop}\nspec: {}',
        ].join('\n---\n'),
      },
      {
        name: 'lists.yaml',
        text: 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: {name: listed, namespace: shop}\n    spec: {}\n---\napiVersion: v1\nkind: NamespaceList\nitems: [{metadata: {name: shop}}]\n',
      },
      {
        // `kubectl get pods -o json | jq .items`: a bare array, read as a List whose items say their kinds.
        name: 'items.json',
        text: JSON.stringify([
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'extracted', namespace: 'shop' }, spec: {} },
          null,
          { metadata: { name: 'kindless', namespace: 'shop' } },
          { apiVersion: 'v1', metadata: { name: 'no-kind', namespace: 'shop' } },
        ]),
      },
      { name: 'array.yaml', text: '- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: builder, namespace: shop}\n' },
      { name: 'values.yaml', text: 'replicaCount: 2\nimage: {repository: shop, tag: "1.0"}\n' },
      { name: 'ci.yaml', text: 'name: ci\non: [push]\njobs: {}\n' },
      {
        name: 'kustomization.yaml',
        text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n',
      },
    ]);
    const { resources } = result.snapshot;
    expect(resources.pods!.map((pod) => [pod.apiVersion, pod.kind, pod.metadata.name])).toEqual([
      ['v1', 'Pod', 'saved'],
      ['v1', 'Pod', 'extracted'],
    ]);
    expect(resources.serviceaccounts!.map((account) => account.metadata.name)).toEqual(['builder']);
    expect(resources.cronjobs!.map((job) => job.apiVersion)).toEqual(['batch/v1beta1']);
    expect(resources.deployments!.map((d) => `${d.apiVersion} ${d.metadata.name}`).sort()).toEqual([
      'apps/v1 listed',
      'extensions/v1beta1 legacy',
    ]);
    expect(resources.statefulsets!.map((s) => s.apiVersion)).toEqual(['apps/v1beta2']);
    expect(resources.clusterroles!.map((r) => r.metadata.name)).toEqual(['reader']);
    expect(resources.networkpolicies!.map((p) => p.apiVersion)).toEqual(['extensions/v1beta1']);
    expect(resources.namespaces!.map((n) => n.metadata.name)).toEqual(['shop']);
    expect(result.problems).toEqual([
      expect.objectContaining({
        file: 'old.yaml',
        document: 6,
        severity: 'error',
        reason:
          'Deployment typo uses apiVersion apps/v2, which Kubernetes never served; meshguard reads apps/v1',
      }),
      expect.objectContaining({
        file: 'items.json',
        document: 1,
        item: 4,
        severity: 'error',
        reason: 'kind is missing (apiVersion v1)',
      }),
    ]);
    expect(result.notObjects).toEqual(['items.json', 'values.yaml', 'ci.yaml']);
    expect(result.ignored).toEqual([
      { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', count: 1 },
    ]);
  });

  it('refuses a path that does not exist or holds no manifests', async () => {
    await expect(loadManifests(join(dir, 'missing'))).rejects.toBeInstanceOf(ManifestSourceError);
    await mkdir(join(dir, 'docs-only'));
    await writeFile(join(dir, 'docs-only', 'notes.txt'), 'hello');
    await expect(loadManifests(join(dir, 'docs-only'))).rejects.toThrow(/no \.yaml, \.yml or \.json files/);
  });
});
