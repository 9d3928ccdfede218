import { defineFramework } from './framework.js';

/** Pod Security Standards, baseline level: every control of the published standard. */
export const podSecurityBaseline = defineFramework({
  id: 'pss-baseline',
  title: 'Pod Security Standards — Baseline',
  version: 'v1.33',
  url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
  controls: [
    {
      id: 'HostProcess',
      title: 'Windows pods must not run HostProcess containers',
      rules: ['pod-windows-host-process'],
    },
    {
      id: 'Host Namespaces',
      title: 'Sharing the host namespaces must be disallowed',
      rules: ['pod-host-network', 'pod-host-pid', 'pod-host-ipc'],
    },
    {
      id: 'Privileged Containers',
      title: 'Privileged Pods disable most security mechanisms and must be disallowed',
      rules: ['container-privileged'],
    },
    {
      id: 'Capabilities',
      title: 'Adding capabilities beyond the default set must be disallowed',
      rules: ['container-capabilities-baseline'],
    },
    { id: 'HostPath Volumes', title: 'HostPath volumes must be forbidden', rules: ['pod-host-path-volume'] },
    {
      id: 'Host Ports',
      title: 'HostPorts should be disallowed entirely (or restricted to a known list)',
      rules: ['container-host-port'],
    },
    {
      id: 'AppArmor',
      title: 'The default AppArmor profile may not be overridden to unconfined',
      rules: ['container-apparmor-unconfined'],
    },
    {
      id: 'SELinux',
      title: 'Setting a custom SELinux user or role, or a non-container type, is forbidden',
      rules: ['container-selinux-custom'],
    },
    {
      id: '/proc Mount Type',
      title: 'The default /proc masks are set up to reduce attack surface and should be required',
      rules: ['container-proc-mount'],
    },
    {
      id: 'Seccomp',
      title: 'The seccomp profile must not be explicitly set to Unconfined',
      rules: ['pod-seccomp-unconfined'],
    },
    {
      id: 'Sysctls',
      title:
        'Sysctls can disable security mechanisms or affect all containers on a host; only the safe subset is allowed',
      rules: ['pod-unsafe-sysctls'],
    },
  ],
});

/** Pod Security Standards, restricted level: the controls it adds on top of baseline (which it includes). */
export const podSecurityRestricted = defineFramework({
  id: 'pss-restricted',
  title: 'Pod Security Standards — Restricted',
  version: 'v1.33',
  url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
  controls: [
    ...podSecurityBaseline.controls.map((control) => ({ ...control, id: `baseline/${control.id}` })),
    {
      id: 'Volume Types',
      title:
        'Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes',
      rules: ['pod-restricted-volume-types'],
    },
    {
      id: 'Privilege Escalation',
      title: 'Privilege escalation (setuid, file capabilities) must be disallowed',
      rules: ['container-privilege-escalation'],
    },
    {
      id: 'Running as Non-root',
      title: 'Containers must be required to run as non-root users',
      rules: ['container-run-as-non-root'],
    },
    {
      id: 'Running as Non-root user',
      title: 'Containers must not set runAsUser to 0',
      rules: ['container-run-as-root-user'],
    },
    {
      id: 'Seccomp',
      title: 'Seccomp profile must be explicitly set to RuntimeDefault or Localhost',
      rules: ['container-seccomp-profile-missing'],
    },
    {
      id: 'Capabilities',
      title: 'Containers must drop ALL capabilities and may only add back NET_BIND_SERVICE',
      rules: ['container-capabilities-drop-all', 'container-capabilities-restricted-add'],
    },
  ],
});
