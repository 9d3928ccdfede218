import type { RuleEvaluation, RuleFinding } from '../../engine/rule.js';
import type { ClusterSnapshot, K8sObject } from '../../snapshot/snapshot.js';
import type { SnapshotKind } from '../../snapshot/kinds.js';
import {
  allContainerSites,
  podSpecSites,
  type ContainerKind,
  type ContainerSite,
  type PodSpecSite,
} from '../../workload/pod-specs.js';
import { workloadExposure } from './workload-exposure.js';

type Found = RuleFinding | RuleFinding[] | undefined;

function collect<S>(
  found: Found,
  into: RuleFinding[],
  exposureOf: ((site: S) => RuleFinding['exposure']) | undefined,
  site: S,
): void {
  if (found === undefined) return;
  if (!Array.isArray(found)) {
    add(found, into, exposureOf, site);
    return;
  }
  for (const finding of found) add(finding, into, exposureOf, site);
}

function add<S>(
  finding: RuleFinding,
  into: RuleFinding[],
  exposureOf: ((site: S) => RuleFinding['exposure']) | undefined,
  site: S,
): void {
  if (!finding.exposure && exposureOf) {
    const value = exposureOf(site);
    if (value) finding.exposure = value;
  }
  into.push(finding);
}

/** Runs `check` on every container (of the given kinds) of every pod spec; findings carry the workload's exposure. */
export function evaluateContainers(
  snapshot: ClusterSnapshot,
  check: (site: ContainerSite) => Found,
  kinds?: ContainerKind[],
): RuleEvaluation {
  const exposureOf = workloadExposure(snapshot);
  const sites = allContainerSites(snapshot, kinds);
  const findings: RuleFinding[] = [];
  for (const site of sites) collect(check(site), findings, exposureOf, site.site);
  return { findings, checked: sites.length };
}

/** Runs `check` on every pod spec; findings carry the workload's exposure. */
export function evaluatePodSpecs(
  snapshot: ClusterSnapshot,
  check: (site: PodSpecSite) => Found,
): RuleEvaluation {
  const exposureOf = workloadExposure(snapshot);
  const sites = podSpecSites(snapshot);
  const findings: RuleFinding[] = [];
  for (const site of sites) collect(check(site), findings, exposureOf, site);
  return { findings, checked: sites.length };
}

/** Runs `check` on every object of `kind`. */
export function evaluateObjects<T extends K8sObject = K8sObject>(
  snapshot: ClusterSnapshot,
  kind: SnapshotKind,
  check: (object: T) => Found,
): RuleEvaluation {
  const objects = (snapshot.resources[kind] ?? []) as T[];
  const findings: RuleFinding[] = [];
  for (const object of objects) collect(check(object), findings, undefined, object);
  return { findings, checked: objects.length };
}
