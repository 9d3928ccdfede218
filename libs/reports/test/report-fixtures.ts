import { catalog, evaluateRules, parseExceptions, type CoverageGap, type ScanReport } from '@meshguard/rules';
import { snapshotFromManifests } from '@meshguard/rules/testing';
import { scanInputFromEvaluation, type ReportClusterInput, type ReportInput } from '../src/index.js';

/** Real manifests with real problems: a privileged, internet-facing web pod and a default-service-account job. */
export const fixtureManifests = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:latest
          securityContext: { privileged: true, allowPrivilegeEscalation: true }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  type: LoadBalancer
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, namespace: shop }
spec:
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers:
        - name: worker
          image: registry.example.com/worker@sha256:0000000000000000000000000000000000000000000000000000000000000000
          securityContext: { privileged: true }
`;

/** Waives the worker's privileged container: an exception with justification, owner and expiry. */
export const fixtureExceptions = parseExceptions([
  {
    id: 'worker-privileged',
    rules: ['container-privileged'],
    namespaces: ['shop'],
    names: ['worker*'],
    justification: 'the worker loads a kernel module until ticket OPS-42 lands',
    owner: 'platform-team',
    expires: '2027-06-30',
    mode: 'except',
  },
]);

export const collectedAt = '2026-12-01T10:00:00.000Z';

/** Evaluates the fixture manifests with the full catalog, optionally with coverage gaps. */
export function evaluateFixture(gaps: CoverageGap[] = []): ScanReport {
  const { snapshot } = snapshotFromManifests(fixtureManifests, {
    collectedAt,
    digestKey: Buffer.alloc(32, 1),
  });
  snapshot.coverage.gaps = gaps;
  return evaluateRules(snapshot, catalog, { exceptions: fixtureExceptions });
}

/** A cluster whose scan is the fixture evaluation. */
export function measuredCluster(
  clusterId: string,
  options: { gaps?: CoverageGap[]; coverageState?: ReportClusterInput['coverageState'] } = {},
): ReportClusterInput {
  const gaps = options.gaps ?? [];
  const report = evaluateFixture(gaps);
  return {
    clusterId,
    name: `${clusterId}-name`,
    labels: { env: 'prod' },
    coverageState: options.coverageState ?? (gaps.length > 0 ? 'partial' : 'current'),
    scan: scanInputFromEvaluation(report, { scanId: `scan-${clusterId}`, gaps, serverVersion: 'v1.30.2' }),
  };
}

/** A fleet with one cluster in each coverage state. */
export function fleetInput(frameworkId = 'cis-k8s-v1.10'): ReportInput {
  const stale = measuredCluster('stale', { coverageState: 'stale' });
  return {
    frameworkId,
    scope: { kind: 'fleet', description: 'fleet' },
    asOf: '2026-12-02T00:00:00.000Z',
    generatedAt: '2026-12-02T00:05:00.000Z',
    reportId: 'report-1',
    clusters: [
      measuredCluster('prod'),
      measuredCluster('partial', {
        gaps: [{ kind: 'rolebindings', reason: 'forbidden', detail: '403 from the API server' }],
      }),
      { ...stale, coverageReason: 'no successful scan for 3 days' },
      {
        clusterId: 'down',
        name: 'down-name',
        coverageState: 'unreachable',
        coverageReason: 'TLS handshake failed',
        scan: null,
      },
      { clusterId: 'new', name: 'new-name', coverageState: 'never-scanned', scan: null },
    ],
  };
}
