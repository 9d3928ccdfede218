import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { can, formatCanResult, parsePortQuery } from '../../src/netpol/can-query.js';
import { diffConnectivity, formatDiff } from '../../src/netpol/connectivity-diff.js';
import { formatConnectivity } from '../../src/netpol/connectivity-format.js';
import { connectivitySummary } from '../../src/netpol/connectivity-summary.js';
import { connectivity } from '../../src/netpol/connectivity.js';
import { exposure, exposureLevels } from '../../src/netpol/exposure.js';
import { evaluateIntents, formatIntentResults } from '../../src/netpol/intent-evaluation.js';
import { lateralPaths } from '../../src/netpol/lateral-paths.js';
import { exposureToJson, formatExposure, formatLateralPaths, lateralPathsToJson } from '../../src/netpol/query-format.js';
import { NetworkIntentError, networkIntentsJsonSchema, parseNetworkIntents } from '../../src/netpol/network-intent-schema.js';
import { buildReachabilityModel } from '../../src/netpol/reachability-model.js';
import { snapshotFromYaml } from './helpers/load-manifests.js';

const shopYaml = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'shop.yaml'), 'utf8');
const shop = () => buildReachabilityModel(snapshotFromYaml(shopYaml));

describe('workloads', () => {
  it('reports template workloads by their own kind and name', () => {
    expect(shop().workloads.map((w) => w.key).sort()).toEqual([
      'data/postgres[StatefulSet]',
      'dev/tester[Pod]',
      'kube-system/coredns[Deployment]',
      'web/api[Deployment]',
      'web/frontend[Deployment]',
    ]);
  });
  it('reports live pods of a CronJob by the CronJob (via Job ownerReferences)', () => {
    const model = buildReachabilityModel(
      snapshotFromYaml(`
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: ops}
spec: {schedule: "0 * * * *", jobTemplate: {spec: {template: {metadata: {labels: {app: backup}}, spec: {containers: [{name: b, image: b}]}}}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: backup-123, namespace: ops, ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: backup, controller: true}]}
spec: {}
---
apiVersion: v1
kind: Pod
metadata: {name: backup-123-x, namespace: ops, labels: {app: backup}, ownerReferences: [{apiVersion: batch/v1, kind: Job, name: backup-123, controller: true}]}
spec: {containers: [{name: b, image: b}]}
`),
    );
    expect(model.workloads.map((w) => `${w.key} pods=${w.podCount}`)).toEqual(['ops/backup[CronJob] pods=1']);
  });
});

describe('connectivity and formats', () => {
  it('lists allowed connections in the netpol-analyzer txt format', () => {
    const txt = formatConnectivity(connectivity(shop()), 'txt').split('\n');
    expect(txt).toContain('0.0.0.0-255.255.255.255[External] => web/frontend[Deployment] : TCP 8080');
    expect(txt).toContain('web/frontend[Deployment] => web/api[Deployment] : TCP 9090');
    expect(txt).toContain('web/api[Deployment] => data/postgres[StatefulSet] : TCP 5432');
    expect(txt).toContain('dev/tester[Pod] => kube-system/coredns[Deployment] : All Connections');
    expect(txt.some((l) => l.startsWith('dev/tester[Pod] => data/postgres'))).toBe(false);
    expect(txt.some((l) => l.startsWith('web/frontend[Deployment] => data/postgres'))).toBe(false);
  });
  it('focuses on workloads named with or without namespace and kind', () => {
    const lines = (focus: string) => formatConnectivity(connectivity(shop(), { focusWorkloads: [focus] }), 'txt').split('\n');
    const full = lines('data/postgres[StatefulSet]');
    expect(full.length).toBeGreaterThan(3);
    expect(full.every((l) => l.includes('data/postgres[StatefulSet]'))).toBe(true);
    expect(lines('data/postgres')).toEqual(full);
    expect(lines('postgres')).toEqual(full);
  });
  it('renders json, csv, md and dot', () => {
    const list = connectivity(shop());
    const json = JSON.parse(formatConnectivity(list, 'json')) as { src: string; dst: string; conn: string }[];
    expect(json).toContainEqual({ src: 'web/api[Deployment]', dst: 'data/postgres[StatefulSet]', conn: 'TCP 5432' });
    const withPorts = formatConnectivity([{ ...list[0]!, conns: parsePortQuery('80/TCP').union(parsePortQuery('53/UDP')) }], 'csv');
    expect(withPorts.split('\n')[1]).toMatch(/,"TCP 80,UDP 53"$/);
    expect(formatConnectivity(list, 'md').split('\n')[0]).toBe('| src | dst | conn |');
    const dot = formatConnectivity(list, 'dot', { exposed: new Set(['web/frontend[Deployment]']) });
    expect(dot).toContain('subgraph "cluster_web[namespace]"');
    expect(dot).toMatch(/"web\/frontend\[Deployment\]" \[label="frontend\[Deployment\]" color="red2"[^\]]*doublecircle/);
    expect(dot).toContain('"web/api[Deployment]" -> "data/postgres[StatefulSet]" [label="TCP 5432"');
  });
  it('summarizes without listing', () => {
    const s = connectivitySummary(shop());
    expect(s.workloads).toBe(5);
    expect(s.policies).toEqual({ NetworkPolicy: 5 });
    expect(s.unprotected).toEqual({ ingress: 2, egress: 5 });
    const full = connectivity(shop()).filter((c) => c.src.type === 'workload' && c.dst.type === 'workload');
    expect(s.workloadPairs.allowed).toBe(full.length);
    expect(s.workloadPairs.allConnections).toBe(full.filter((c) => c.conns.isAll).length);
  });
});

describe('can', () => {
  it('explains an allowed flow with the policy and rule that allow it', () => {
    const r = can(shop(), 'web/frontend', 'web/api[Deployment]', '9090/TCP');
    expect(r.verdict).toBe('allowed');
    const text = formatCanResult(r);
    expect(text).toContain('NetworkPolicy web/api-from-frontend ingress[0]');
    expect(text).toContain('pods app=frontend in namespace web');
  });
  it('explains a denied flow by the isolating policies', () => {
    const r = can(shop(), 'dev/tester', 'data/postgres', '5432/TCP');
    expect(r.verdict).toBe('denied');
    expect(formatCanResult(r)).toMatch(/default-deny .*isolated by default-deny, postgres-from-api/);
  });
  it('reports partial answers and bad input clearly', () => {
    expect(can(shop(), 'web/api', 'data/postgres').verdict).toBe('partially-allowed');
    expect(can(shop(), '8.8.8.8', 'web/frontend', '8080/TCP').verdict).toBe('allowed');
    expect(() => can(shop(), 'web/nope', 'data/postgres')).toThrow(/workload web\/nope not found \(workloads in web: web\/frontend\[Deployment\], web\/api\[Deployment\]\)/);
    expect(() => parsePortQuery('443/HTTP')).toThrow(/must look like 443\/TCP/);
  });
});

describe('exposure and lateral paths', () => {
  it('finds LoadBalancer/NodePort exposure and a blocked Ingress', () => {
    const byKey = new Map(exposure(shop()).map((e) => [e.workload.key, e]));
    const fe = byKey.get('web/frontend[Deployment]')!;
    expect(fe.internetExposed).toBe(true);
    expect(fe.entryPoints.map((e) => `${e.via} ${e.object} ${e.allowed.toString()}`)).toEqual(['LoadBalancer Service web/frontend TCP 8080', 'NodePort Service web/frontend TCP 8080']);
    const api = byKey.get('web/api[Deployment]')!;
    expect(api.internetExposed).toBe(false);
    expect(api.blocked.map((e) => e.via)).toEqual(['Ingress']);
    expect(byKey.get('data/postgres[StatefulSet]')!.internetExposed).toBe(false);
  });
  it('grades each workload internet / cluster / isolated for finding weights', () => {
    expect(Object.fromEntries(exposureLevels(shop()))).toEqual({
      'web/frontend[Deployment]': 'internet',
      'web/api[Deployment]': 'cluster',
      'data/postgres[StatefulSet]': 'cluster',
      'dev/tester[Pod]': 'cluster',
      'kube-system/coredns[Deployment]': 'cluster',
    });
    const isolated = shopYaml.replace("podSelector: {matchLabels: {app: postgres}}\n  ingress:\n    - from:", "podSelector: {matchLabels: {app: postgres}}\n  ingress: []\n  x:\n    - from:");
    expect(exposureLevels(buildReachabilityModel(snapshotFromYaml(isolated))).get('data/postgres[StatefulSet]')).toBe('isolated');
  });
  it('an Ingress is exposure when policies admit any in-cluster pod', () => {
    const open = shopYaml.replace(/ingress:\n    - from: \[\{podSelector: \{matchLabels: \{app: frontend\}\}\}\]\n      ports: \[\{port: grpc\}\]/, 'ingress:\n    - ports: [{port: grpc}]');
    const openModel = buildReachabilityModel(snapshotFromYaml(open));
    const api = exposure(openModel).find((e) => e.workload.key === 'web/api[Deployment]')!;
    expect(api.entryPoints.map((e) => `${e.via} ${e.allowed.toString()}`)).toEqual(['Ingress TCP 9090']);
    expect(formatConnectivity(connectivity(openModel), 'txt')).toContain('{ingress-controller} => web/api[Deployment] : TCP 9090');
    expect(formatConnectivity(connectivity(shop()), 'txt')).not.toContain('{ingress-controller}');
  });
  it('host ports are checked through their container ports; host-network pods are exposed on the node', () => {
    const model = buildReachabilityModel(
      snapshotFromYaml(`
apiVersion: v1
kind: Pod
metadata: {name: proxy, namespace: edge, labels: {app: proxy}}
spec: {containers: [{name: p, image: p, ports: [{containerPort: 8443, hostPort: 443}, {containerPort: 9000, hostPort: 9000}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: edge, labels: {app: agent}}
spec: {hostNetwork: true, containers: [{name: a, image: a, ports: [{containerPort: 9100}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: proxy, namespace: edge}
spec: {podSelector: {}, ingress: [{ports: [{port: 8443}]}]}
`),
    );
    const byKey = new Map(exposure(model).map((e) => [e.workload.key, e]));
    const proxy = byKey.get('edge/proxy[Pod]')!.entryPoints[0]!;
    expect(`${proxy.via} ${proxy.ports.toString()} allowed ${proxy.allowed.toString()}`).toBe('HostPort TCP 443,9000 allowed TCP 443');
    const agent = byKey.get('edge/agent[Pod]')!;
    expect(agent.entryPoints.map((e) => `${e.via} ${e.allowed.toString()}`)).toEqual(['HostNetwork TCP 9100']);
  });
  it('walks from the exposed frontend to secrets, the database, kube-system and the API server', () => {
    const paths = lateralPaths(shop());
    const describe = paths.map((p) => `${p.source} -> ${p.hops.map((h) => `${h.workload}(${h.conns.toString()})`).join(' -> ')} [${p.reasons.join(',')}]`);
    expect(describe).toContain('web/frontend[Deployment] -> web/api[Deployment](TCP 9090) [mounts-secrets]');
    expect(describe).toContain('web/frontend[Deployment] -> web/api[Deployment](TCP 9090) -> data/postgres[StatefulSet](TCP 5432) [data-store]');
    expect(describe).toContain('web/frontend[Deployment] -> kube-system/coredns[Deployment](All Connections) [kube-system]');
    expect(paths.some((p) => p.target === 'api-server' && p.hops.length === 1)).toBe(true);
  });
});

describe('diff', () => {
  it('reports connections added and removed by a policy change, external ranges compared per address', () => {
    const before = connectivity(shop());
    const after = connectivity(buildReachabilityModel(snapshotFromYaml(shopYaml.replace('podSelector: {matchLabels: {app: frontend}}\n  ingress:\n    - ports: [{port: http}]', 'podSelector: {matchLabels: {app: frontend}}\n  ingress:\n    - ports: [{port: http}]\n      from: [{ipBlock: {cidr: 10.0.0.0/8}}]'))));
    const text = formatDiff(diffConnectivity(before, after)).split('\n');
    expect(text).toContain('- 0.0.0.0-9.255.255.255[External] => web/frontend[Deployment] : TCP 8080');
    expect(text).toContain('- 11.0.0.0-255.255.255.255[External] => web/frontend[Deployment] : TCP 8080');
    expect(text).toContain('- dev/tester[Pod] => web/frontend[Deployment] : TCP 8080');
    expect(text.some((l) => l.includes('10.0.0.0'))).toBe(false);
    expect(diffConnectivity(before, connectivity(shop()))).toEqual([]);
  });
});

describe('network intents', () => {
  const intents = `
apiVersion: meshguard.io/v1
kind: NetworkIntents
intents:
  - id: prod-not-from-dev
    description: namespace data is not reachable from namespace dev
    deny: {from: {namespace: dev}, to: {namespace: data}}
  - id: db-only-from-api
    allowOnly: {from: {pods: {app: api}}, to: {pods: {app: postgres}}, ports: "TCP 5432"}
  - id: data-not-from-internet
    deny: {from: internet, to: {namespaceSelector: {matchLabels: {env: prod}}, pods: {app: postgres}}}
  - id: web-not-from-internet
    deny: {from: internet, to: {namespace: web}}
  - id: frontend-reaches-api
    allow: {from: {workload: "web/frontend[Deployment]"}, to: {workload: web/api}, ports: "TCP 9090"}
  - id: default-deny-ingress
    defaultDeny: {direction: ingress, namespaces: {exclude: [kube-system]}}
`;
  it('evaluates each intent to pass/fail with violating paths as evidence', () => {
    const results = evaluateIntents(shop(), parseNetworkIntents(intents));
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual([
      'prod-not-from-dev:pass',
      'db-only-from-api:pass',
      'data-not-from-internet:pass',
      'web-not-from-internet:fail',
      'frontend-reaches-api:pass',
      'default-deny-ingress:fail',
    ]);
    const web = results[3]!;
    expect(web.violations.map((v) => v.src)).toEqual(expect.arrayContaining(['0.0.0.0-255.255.255.255[External]', 'internet via LoadBalancer Service web/frontend']));
    expect(results[5]!.violations.map((v) => v.detail)).toEqual(['namespace dev has no policy isolating every pod for ingress; not isolated now: dev/tester[Pod]']);
    expect(formatIntentResults(results)).toMatch(/^PASS prod-not-from-dev — namespace data is not reachable from namespace dev/);
  });
  it('fails allowOnly when another source or port gets through', () => {
    const loose = shopYaml.replace("podSelector: {matchLabels: {app: postgres}}\n  ingress:", "podSelector: {matchLabels: {app: postgres}}\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {env: dev}}}]");
    const [r] = evaluateIntents(buildReachabilityModel(snapshotFromYaml(loose)), parseNetworkIntents({ intents: [{ id: 'db', allowOnly: { from: { pods: { app: 'api' } }, to: { pods: { app: 'postgres' } }, ports: 'TCP 5432' } }] }));
    expect(r!.status).toBe('fail');
    expect(r!.violations).toEqual([{ src: 'dev/tester[Pod]', dst: 'data/postgres[StatefulSet]', conns: 'All Connections', detail: 'source is not among the allowed sources' }]);
  });
  it('rejects invalid documents with every problem named by path', () => {
    const bad = `
intents:
  - id: Bad_Id
    deny: {from: {namespace: dev}, to: {cidr: 10.0.0.0/33}}
  - id: two
    allow: {from: any, to: any}
    deny: {from: any, to: any}
  - id: three
    allowOnly: {from: {podSelector: {matchExpressions: [{key: a, operator: In}]}}, to: {}, ports: "HTTP 80"}
`;
    let error: NetworkIntentError | undefined;
    try {
      parseNetworkIntents(bad, 'intents.yaml');
    } catch (e) {
      error = e as NetworkIntentError;
    }
    expect(error).toBeInstanceOf(NetworkIntentError);
    const text = error!.problems.join('\n');
    expect(text).toContain('intents[0].id: ids are kebab-case');
    expect(text).toMatch(/intents\[0\]\.deny\.to\.cidr: "10\.0\.0\.0\/33" is not a valid CIDR/);
    expect(text).toContain('intents[1]: an intent needs an id and exactly one of deny, allow, allowOnly, defaultDeny (found deny, allow)');
    expect(text).toMatch(/intents\[2\]\.allowOnly\.from\.podSelector.*operator In needs a non-empty values list/);
    expect(text).toMatch(/intents\[2\]\.allowOnly\.to: an empty endpoint matches nothing/);
    expect(text).toMatch(/intents\[2\]\.allowOnly\.ports: .*"HTTP 80" has no protocol/);
    expect(error!.message).toMatch(/^intents\.yaml: invalid network intents:/);
    expect(() => parseNetworkIntents('intents: [', 'x.yaml')).toThrow(/x\.yaml: invalid network intents:\n  - not valid YAML\/JSON/);
  });
});

describe('network intents JSON Schema', () => {
  it('describes the document shape for editors', () => {
    const schema = networkIntentsJsonSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(JSON.stringify(schema)).toContain('"allowOnly"');
  });
});

describe('query formats', () => {
  it('renders exposure and lateral paths as text and JSON-safe data', () => {
    const model = shop();
    const exposures = exposure(model);
    const text = formatExposure(exposures);
    expect(text).toContain('web/frontend[Deployment]: EXPOSED');
    expect(text).toContain('  via LoadBalancer Service web/frontend: TCP 8080 from 0.0.0.0-255.255.255.255');
    expect(text).not.toContain('web/api');
    expect(formatExposure(exposures, { all: true })).toContain('  blocked Ingress Ingress web/api → Service api:9090: TCP 9090 not admitted by policies');
    const json = JSON.parse(JSON.stringify(exposureToJson(exposures))) as { workload: string; entryPoints: { sources?: { range: string }[] }[] }[];
    expect(json.find((e) => e.workload === 'web/frontend[Deployment]')!.entryPoints[0]!.sources![0]!.range).toBe('0.0.0.0-255.255.255.255');
    const paths = lateralPaths(model, {}, undefined, exposures);
    expect(formatLateralPaths(paths)).toContain('web/frontend[Deployment] -> web/api[Deployment] (TCP 9090) -> data/postgres[StatefulSet] (TCP 5432) [data-store]');
    expect(JSON.stringify(lateralPathsToJson(paths))).toContain('"conn":"TCP 5432"');
  });
});
