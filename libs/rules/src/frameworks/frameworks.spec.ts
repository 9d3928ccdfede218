import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog/catalog.js';
import { defineFramework, type Framework } from './framework.js';
import { controlsOfRule, frameworkById, frameworks } from './framework-index.js';
import { podSecurityBaseline, podSecurityRestricted } from './pss.js';
import { cisAks, cisEks, cisGke } from './cis-managed-profiles.js';
import { hipaaSecurityRule } from './hipaa-security-rule.js';
import { iso27001Annex2022 } from './iso-27001-2022.js';
import { nist80053Rev5 } from './nist-800-53-r5.js';
import { pciDss40 } from './pci-dss-4.0.js';

describe('frameworks', () => {
  it('reject unknown rule ids at compile time', () => {
    const framework = defineFramework({
      id: 'test',
      title: 'test',
      version: '0',
      url: 'https://example.com',
      controls: [
        {
          id: 'c1',
          title: 'c1',
          rules: [
            // @ts-expect-error 'no-such-rule' is not a RuleId
            'no-such-rule',
          ],
        },
      ],
    });
    expect(framework.controls).toHaveLength(1);
  });

  it('only reference rules that exist and use unique control ids', () => {
    const ids = new Set(catalog.map((rule) => rule.id));
    for (const framework of frameworks) {
      const controlIds = framework.controls.map((control) => control.id);
      expect(new Set(controlIds).size, framework.id).toBe(controlIds.length);
      for (const control of framework.controls)
        for (const rule of control.rules)
          expect(ids.has(rule), `${framework.id} ${control.id} ${rule}`).toBe(true);
    }
  });

  it('cover every Pod Security Standards control of baseline and restricted', () => {
    expect(podSecurityBaseline.controls.map((control) => control.id)).toEqual([
      'HostProcess',
      'Host Namespaces',
      'Privileged Containers',
      'Capabilities',
      'HostPath Volumes',
      'Host Ports',
      'AppArmor',
      'SELinux',
      '/proc Mount Type',
      'Seccomp',
      'Sysctls',
    ]);
    const restrictedOnly = podSecurityRestricted.controls
      .filter((control) => !control.id.startsWith('baseline/'))
      .map((control) => control.id);
    expect(restrictedOnly).toEqual([
      'Volume Types',
      'Privilege Escalation',
      'Running as Non-root',
      'Running as Non-root user',
      'Seccomp',
      'Capabilities',
    ]);
    for (const control of podSecurityRestricted.controls)
      expect(control.rules.length, control.id).toBeGreaterThan(0);
  });

  it('compute the reverse index from the frameworks', () => {
    expect(controlsOfRule('container-privileged')).toEqual(
      expect.arrayContaining([
        { framework: 'cis-k8s-v1.10', control: '5.2.2' },
        { framework: 'pss-baseline', control: 'Privileged Containers' },
        { framework: 'meshguard-network', control: 'pod-security' },
      ]),
    );
    expect(frameworkById('meshguard-network')?.controls).toHaveLength(8);
    const covered = new Set(
      frameworks
        .filter((framework) => framework.id !== 'meshguard-network')
        .flatMap((framework) => framework.controls.flatMap((control) => control.rules)),
    );
    const unmapped = catalog
      .map((rule) => rule.id)
      .filter(
        (id) =>
          !covered.has(id) &&
          ![
            'networkpolicy',
            'ingress',
            'service',
            'configmap',
            'secret',
            'daemonset',
            'pod-security',
            'namespace',
          ].includes(catalog.find((rule) => rule.id === id)?.area ?? ''),
      );
    expect(unmapped).toEqual([]);
  });

  it('give one reviewable line of reasoning for every rule mapped in ISO 27001, PCI DSS, NIST 800-53 and HIPAA', () => {
    const audited: readonly Framework[] = [iso27001Annex2022, pciDss40, nist80053Rev5, hipaaSecurityRule];
    for (const framework of audited) {
      expect(framework.controls.length, framework.id).toBeGreaterThan(7);
      for (const control of framework.controls) {
        const reasons = control.reasons ?? {};
        for (const rule of control.rules)
          expect(reasons[rule]?.length ?? 0, `${framework.id} ${control.id} ${rule}`).toBeGreaterThan(20);
        expect(Object.keys(reasons).sort(), `${framework.id} ${control.id}`).toEqual(
          [...control.rules].sort(),
        );
      }
    }
  });

  it('mark control-plane controls not assessable in the EKS, AKS and GKE profiles and keep the rest', () => {
    for (const profile of [cisEks, cisAks, cisGke]) {
      const apiServer = profile.controls.find((control) => control.id === '1.2.1');
      expect(apiServer?.rules, profile.id).toEqual([]);
      expect(apiServer?.manual, profile.id).toMatch(/not assessable/);
      expect(profile.controls.find((control) => control.id === '5.1.1')?.rules).toContain(
        'rbac-cluster-admin-binding',
      );
    }
  });
});
