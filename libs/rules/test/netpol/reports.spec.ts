import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NetworkIntentError } from '../../src/netpol/network-intent-schema.js';
import { canReport, checkReport, connectivityReport, diffReport, exposureReport } from '../../src/netpol/netpol-reports.js';
import { snapshotFromYaml } from './helpers/load-manifests.js';

const shopYaml = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'shop.yaml'), 'utf8');
const shop = () => snapshotFromYaml(shopYaml);

describe('netpol command reports (what the CLI prints, and its exit code)', () => {
  it('connectivity in every format, exposed workloads marked in dot', () => {
    expect(connectivityReport(shop()).text).toContain('web/api[Deployment] => data/postgres[StatefulSet] : TCP 5432');
    expect(JSON.parse(connectivityReport(shop(), { format: 'json' }).text)).toContainEqual({ src: 'web/api[Deployment]', dst: 'data/postgres[StatefulSet]', conn: 'TCP 5432' });
    expect(connectivityReport(shop(), { format: 'dot' }).text.split('\n').find((l) => l.includes('shape=doublecircle'))).toContain('"web/frontend[Deployment]" [label=');
    expect(connectivityReport(shop(), { format: 'md' }).text).toContain('web/frontend[Deployment] (exposed)');
  });
  it('can: exit 0 when allowed, 1 when denied; --explain names the policy', () => {
    expect(canReport(shop(), 'web/frontend', 'web/api', { port: '9090/TCP' })).toEqual({ text: 'web/frontend[Deployment] => web/api[Deployment] : TCP 9090 — ALLOWED', exitCode: 0 });
    const denied = canReport(shop(), 'dev/tester', 'data/postgres', { port: '5432/TCP', explain: true });
    expect(denied.exitCode).toBe(1);
    expect(denied.text).toContain('isolated by default-deny, postgres-from-api');
    expect(JSON.parse(canReport(shop(), 'dev/tester', 'data/postgres', { port: '5432/TCP', format: 'json' }).text).verdict).toBe('denied');
  });
  it('exposure with lateral paths', () => {
    const text = exposureReport(shop(), { lateral: true }).text;
    expect(text).toContain('web/frontend[Deployment]: EXPOSED');
    expect(text).toContain('Lateral paths:');
    expect(JSON.parse(exposureReport(shop(), { format: 'json', lateral: true }).text).lateralPaths.length).toBeGreaterThan(0);
  });
  it('diff: exit 1 on changes', () => {
    expect(diffReport(shop(), shop())).toEqual({ text: 'No connectivity changes.', exitCode: 0 });
    const loosened = snapshotFromYaml(shopYaml, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-dev, namespace: data}\nspec: {podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {env: dev}}}]}]}');
    const report = diffReport(shop(), loosened);
    expect(report.exitCode).toBe(1);
    expect(report.text).toBe('+ dev/tester[Pod] => data/postgres[StatefulSet] : All Connections');
  });
  it('check: exit 1 when an intent fails, invalid intents throw before evaluation', () => {
    const ok = checkReport(shop(), 'intents: [{id: prod-not-from-dev, deny: {from: {namespace: dev}, to: {namespace: data}}}]', 'intents.yaml');
    expect(ok).toEqual({ text: 'PASS prod-not-from-dev (1 checked)', exitCode: 0 });
    expect(checkReport(shop(), 'intents: [{id: dd, defaultDeny: {direction: ingress}}]', 'i.yaml').exitCode).toBe(1);
    expect(() => checkReport(shop(), 'intents: [{id: x, deny: {from: dev, to: any}}]', 'bad.yaml')).toThrow(NetworkIntentError);
  });
});
