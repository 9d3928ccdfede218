import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../engine/rule-evaluator.js';
import { snapshotFromManifests } from '../../testing/manifest-snapshot.js';
import { catalog } from '../catalog.js';
import { controlPlaneFlags } from './control-plane.js';

const controlPlaneRules = catalog.filter((rule) => rule.area === 'control-plane');

function apiServerPod(container: string): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: kube-apiserver-cp-1, namespace: kube-system }
spec:
  containers:
${container}`;
}

describe('control-plane flags', () => {
  it('reads --flag=value, --flag value and flags in args or in one shell string', () => {
    const { snapshot } = snapshotFromManifests([
      apiServerPod(
        '  - name: a\n    image: x\n    command: [kube-apiserver]\n    args: ["--profiling=false", "--audit-log-path", "/var/log/a.log", "--anonymous-auth"]',
      ),
      apiServerPod(
        '  - name: b\n    image: x\n    command: ["/bin/sh", "-c", "kube-apiserver --authorization-mode=Node,RBAC --secure-port=6443"]',
      ).replace('kube-apiserver-cp-1', 'kube-apiserver-cp-2'),
    ]);
    const [first, second] = controlPlaneFlags(snapshot, 'kube-apiserver');
    expect(first?.flags.get('profiling')).toBe('false');
    expect(first?.flags.get('audit-log-path')).toBe('/var/log/a.log');
    expect(first?.flags.get('anonymous-auth')).toBe('true');
    expect(first?.commandField).toBe('spec.containers[0].command');
    expect(second?.flags.get('authorization-mode')).toBe('Node,RBAC');
    expect(second?.flags.get('secure-port')).toBe('6443');
  });

  it('never passes a control-plane rule on a managed control plane (no static pods): every one is not-assessable', () => {
    const { snapshot } = snapshotFromManifests(
      'apiVersion: v1\nkind: Pod\nmetadata: { name: coredns-1, namespace: kube-system }\nspec:\n  containers: [{ name: coredns, image: coredns }]\n',
    );
    const report = evaluateRules(snapshot, controlPlaneRules);
    expect(controlPlaneRules.length).toBeGreaterThan(40);
    expect(
      report.results.filter((result) => result.status !== 'not-assessable').map((result) => result.ruleId),
    ).toEqual([]);
  });
});
