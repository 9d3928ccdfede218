import type { RuleEvaluation } from '../../engine/rule.js';
import type { ClusterSnapshot, K8sObject } from '../../snapshot/snapshot.js';
import type { Container } from '../../workload/pod-spec.types.js';
import { refOf } from '../../workload/resource-ref.js';
import { ruleFinding } from '../../engine/rule-finding.js';

/** The control-plane components whose static pods carry their configuration on the command line. */
export type ControlPlaneComponent = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd';

export interface ControlPlaneProcess {
  pod: K8sObject;
  container: string;
  flags: Map<string, string>;
  pointer: string;
  commandField: string;
}

/** `--name=value` and `--name value` pairs of an argv; a bare `--name` is `true` (how pflag reads booleans). */
function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const match = /^--?([^=\s]+)(?:=(.*))?$/s.exec(argv[index] ?? '');
    if (!match?.[1]) continue;
    if (match[2] !== undefined) {
      flags.set(match[1], match[2]);
      continue;
    }
    const next = argv[index + 1];
    if (next !== undefined && !next.startsWith('-')) {
      // A non-flag word after a flag is its value (`--audit-log-path /var/log/audit.log`); booleans use `=`.
      flags.set(match[1], next);
      index += 1;
    } else flags.set(match[1], 'true');
  }
  return flags;
}

/** The argv of a container: command then args, with `sh -c "kube-apiserver --a=b"` style strings split into words. */
function argvOf(container: Container): string[] {
  const words = [...(container.command ?? []), ...(container.args ?? [])];
  return words.flatMap((word) => (/\s--?[a-z]/.test(word) ? word.trim().split(/\s+/) : [word]));
}

/** The flags of a container running `binary` (as its command or the last path segment of it); undefined otherwise. */
export function binaryFlags(container: Container, binary: string): Map<string, string> | undefined {
  const argv = argvOf(container);
  return argv.some((arg) => arg === binary || arg.endsWith(`/${binary}`)) ? parseFlags(argv) : undefined;
}

const kubeSystemPodsCache = new WeakMap<ClusterSnapshot, K8sObject[]>();

/** The kube-system pods, found once per snapshot: some 45 rules look for control-plane pods among them. */
function kubeSystemPods(snapshot: ClusterSnapshot): K8sObject[] {
  let pods = kubeSystemPodsCache.get(snapshot);
  if (!pods) {
    pods = (snapshot.resources.pods ?? []).filter((pod) => pod.metadata.namespace === 'kube-system');
    kubeSystemPodsCache.set(snapshot, pods);
  }
  return pods;
}

/** Flags of a static control-plane pod (kubeadm-style, in kube-system), parsed from its command and args. */
export function controlPlaneFlags(snapshot: ClusterSnapshot, component: string): ControlPlaneProcess[] {
  const result: ControlPlaneProcess[] = [];
  for (const pod of kubeSystemPods(snapshot)) {
    const containers = (pod.spec as { containers?: Container[] } | undefined)?.containers ?? [];
    containers.forEach((container, index) => {
      const argv = argvOf(container);
      if (
        !argv.some((arg) => arg === component || arg.endsWith(`/${component}`)) &&
        pod.metadata.labels?.['component'] !== component
      )
        return;
      const field = (container.command ?? []).length > 0 ? 'command' : 'args';
      result.push({
        pod,
        container: container.name,
        flags: parseFlags(argv),
        pointer: `/spec/containers/${index}/${field}`,
        commandField: `spec.containers[${index}].${field}`,
      });
    });
  }
  return result;
}

/** The comma-separated values of a list flag (`--enable-admission-plugins=A,B`), empty when unset. */
export function flagList(process: ControlPlaneProcess, name: string): string[] {
  const value = process.flags.get(name);
  return value === undefined
    ? []
    : value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

/**
 * Checks every visible instance of a control-plane component: a finding on its command for each one `problem` words
 * (e.g. `lacks --x`). When none is visible (a managed control plane) the result is `not-assessable`, never `pass`: the setting
 * exists but only the provider's console shows it.
 */
export function evaluateControlPlane(
  snapshot: ClusterSnapshot,
  component: ControlPlaneComponent,
  setting: string,
  problem: (process: ControlPlaneProcess) => string | undefined,
): RuleEvaluation {
  const processes = controlPlaneFlags(snapshot, component);
  if (processes.length === 0)
    return {
      findings: [],
      checked: 0,
      notAssessable: `${component} flags are not visible (managed control plane): check the provider’s ${setting}`,
    };
  return {
    checked: processes.length,
    findings: processes.flatMap((process) => {
      const text = problem(process);
      return text === undefined
        ? []
        : [
            ruleFinding(
              refOf(process.pod),
              `${process.commandField} ${text}`,
              [{ pointer: process.pointer }],
              process.container,
            ),
          ];
    }),
  };
}

/** `evaluateControlPlane` for kube-apiserver. */
export function evaluateApiServers(
  snapshot: ClusterSnapshot,
  setting: string,
  problem: (server: ControlPlaneProcess) => string | undefined,
): RuleEvaluation {
  return evaluateControlPlane(snapshot, 'kube-apiserver', setting, problem);
}

/** `lacks --a and --b` for the flags not set, or undefined when all are. */
export function lacksFlags(process: ControlPlaneProcess, names: string[]): string | undefined {
  const missing = names.filter((name) => !process.flags.get(name));
  return missing.length === 0 ? undefined : `lacks ${missing.map((name) => `--${name}`).join(' and ')}`;
}

/** A problem unless `--name` is exactly `expected`; `defaultValue` is what the component uses when it is unset. */
export function flagNotEqual(
  process: ControlPlaneProcess,
  name: string,
  expected: string,
  defaultValue?: string,
): string | undefined {
  const value = process.flags.get(name) ?? defaultValue;
  if (value?.toLowerCase() === expected) return undefined;
  return process.flags.has(name)
    ? `sets --${name}=${process.flags.get(name) ?? ''} (should be ${expected})`
    : `does not set --${name}=${expected}${defaultValue === undefined ? '' : ` (the default is ${defaultValue})`}`;
}

/** A problem when `--name` is set to a value other than `false` (or, with `values`, to one of them). */
export function flagSetTo(process: ControlPlaneProcess, name: string, values: string[]): string | undefined {
  const value = process.flags.get(name);
  return value !== undefined && values.includes(value.toLowerCase()) ? `sets --${name}=${value}` : undefined;
}

/**
 * A problem when numeric `--name` is set below `minimum`. Unset or 0 is the component's own default (no age or count
 * limit for audit files, 100 MB for their size), which meets the minimum.
 */
export function flagBelow(process: ControlPlaneProcess, name: string, minimum: number): string | undefined {
  const value = process.flags.get(name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (number === 0) return undefined;
  return Number.isFinite(number) && number >= minimum
    ? undefined
    : `sets --${name}=${value} (at least ${minimum})`;
}

/** Admission plugins turned on explicitly (`--enable-admission-plugins`, or the removed `--admission-control`). */
export function enabledAdmissionPlugins(process: ControlPlaneProcess): string[] {
  return [...flagList(process, 'enable-admission-plugins'), ...flagList(process, 'admission-control')];
}

/** A problem when a default-on admission plugin is listed in `--disable-admission-plugins`. */
export function admissionPluginDisabled(process: ControlPlaneProcess, plugin: string): string | undefined {
  return flagList(process, 'disable-admission-plugins').includes(plugin)
    ? `disables the ${plugin} admission plugin (--disable-admission-plugins)`
    : undefined;
}

/** A problem unless an off-by-default admission plugin is in `--enable-admission-plugins`. */
export function admissionPluginNotEnabled(process: ControlPlaneProcess, plugin: string): string | undefined {
  if (flagList(process, 'disable-admission-plugins').includes(plugin))
    return `disables the ${plugin} admission plugin (--disable-admission-plugins)`;
  return enabledAdmissionPlugins(process).includes(plugin)
    ? undefined
    : `does not enable the ${plugin} admission plugin (--enable-admission-plugins)`;
}

/** The authorization modes in effect: `--authorization-mode`, which defaults to AlwaysAllow; none with `--authorization-config`. */
export function authorizationModes(process: ControlPlaneProcess): string[] | undefined {
  if (process.flags.has('authorization-config')) return undefined;
  const modes = flagList(process, 'authorization-mode');
  return modes.length > 0 ? modes : ['AlwaysAllow'];
}

/** A problem unless `--bind-address` is a loopback address (the default, 0.0.0.0, is every interface). */
export function loopbackOnly(process: ControlPlaneProcess): string | undefined {
  const address = process.flags.get('bind-address');
  if (address === undefined)
    return 'does not set --bind-address (the default 0.0.0.0 listens on every interface)';
  return ['127.0.0.1', '::1', 'localhost'].includes(address) ? undefined : `sets --bind-address=${address}`;
}
