import { describe, expect, it } from 'vitest';
import { snapshotFromManifests } from '../testing/manifest-snapshot.js';
import { allContainerSites, containerImage, fieldPointer, podSpecSites } from './pod-specs.js';
import { parseImageReference } from './image-reference.js';
import { fieldPath } from './resource-ref.js';

const manifests = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      initContainers: [{ name: init, image: "busybox:1.36" }]
      containers: [{ name: web, image: "nginx:1.27" }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web-5d8f, namespace: shop, ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, controller: true }] }
spec:
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.27" }] }
---
apiVersion: v1
kind: Pod
metadata: { name: web-5d8f-x1, namespace: shop, ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true }] }
spec: { containers: [{ name: web, image: "nginx:1.27" }] }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{ name: report, image: "busybox:1.36" }]
          ephemeralContainers: [{ name: debug, image: "busybox:1.36" }]
---
apiVersion: v1
kind: Pod
metadata: { name: bare, namespace: shop, labels: { app: bare } }
spec: { containers: [{ name: bare, image: "nginx:1.27" }] }
`;

describe('pod spec iteration', () => {
  const { snapshot } = snapshotFromManifests(manifests);

  it('visits each workload template once and bare pods, skipping controller-owned objects', () => {
    expect(podSpecSites(snapshot).map((site) => [site.ref.kind, site.ref.name, site.pointer])).toEqual([
      ['Deployment', 'web', '/spec/template/spec'],
      ['CronJob', 'report', '/spec/jobTemplate/spec/template/spec'],
      ['Pod', 'bare', '/spec'],
    ]);
  });

  it('lists init, regular and ephemeral containers with JSON pointers', () => {
    expect(allContainerSites(snapshot).map((site) => site.pointer)).toEqual([
      '/spec/template/spec/initContainers/0',
      '/spec/template/spec/containers/0',
      '/spec/jobTemplate/spec/template/spec/containers/0',
      '/spec/jobTemplate/spec/template/spec/ephemeralContainers/0',
      '/spec/containers/0',
    ]);
    expect(fieldPath('/spec/template/spec/containers/0/securityContext/privileged')).toBe(
      'spec.template.spec.containers[0].securityContext.privileged',
    );
  });

  it('parses image references like the container runtime', () => {
    expect(parseImageReference('nginx')).toEqual({ registry: 'docker.io', repository: 'library/nginx' });
    expect(parseImageReference('localhost:5000/team/app:1.2@sha256:abc')).toEqual({
      registry: 'localhost:5000',
      repository: 'team/app',
      tag: '1.2',
      digest: 'sha256:abc',
    });
    expect(parseImageReference('ghcr.io/acme/web:latest')).toMatchObject({
      registry: 'ghcr.io',
      tag: 'latest',
    });
  });

  it('gives each container its parsed image reference, kept on the site', () => {
    const [init, web] = allContainerSites(snapshot);
    expect(containerImage(web!)).toEqual(parseImageReference('nginx:1.27'));
    expect(containerImage(web!)).toBe(containerImage(web!));
    expect(containerImage(init!)).toMatchObject({ repository: 'library/busybox', tag: '1.36' });
  });

  it('builds field pointers under a site pointer once', () => {
    const [, web] = allContainerSites(snapshot);
    const pointer = fieldPointer(fieldPointer(web!.pointer, 'securityContext'), 'privileged');
    expect(pointer).toBe('/spec/template/spec/containers/0/securityContext/privileged');
    expect(fieldPointer(fieldPointer(web!.pointer, 'securityContext'), 'privileged')).toBe(pointer);
  });
});
