import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog/catalog.js';
import { defineFramework } from './framework.js';
import { controlsOfRule, frameworkById, frameworks } from './framework-index.js';
import { podSecurityBaseline, podSecurityRestricted } from './pss.js';

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
});
