import type { Exposure, RuleEvaluation, RuleFinding } from '../../engine/rule.js';
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

// The loops below index arrays rather than iterate them: every rule's pass starts in unoptimised code, where `for…of`
// allocates an iterator result per item.
type ExposureOf = (site: PodSpecSite) => Exposure;

/** Appends what a check found. */
function collect(found: Found, into: RuleFinding[]): void {
  if (found === undefined) return;
  if (!Array.isArray(found)) into.push(found);
  else for (let i = 0; i < found.length; i++) into.push(found[i]!);
}

/** Appends what a check found about a workload; findings without an exposure get the workload's. */
function collectExposed(found: Found, into: RuleFinding[], exposureOf: ExposureOf, site: PodSpecSite): void {
  if (found === undefined) return;
  if (!Array.isArray(found)) into.push(withExposure(found, exposureOf, site));
  else for (let i = 0; i < found.length; i++) into.push(withExposure(found[i]!, exposureOf, site));
}

function withExposure(finding: RuleFinding, exposureOf: ExposureOf, site: PodSpecSite): RuleFinding {
  if (!finding.exposure) {
    const value = exposureOf(site);
    if (value) finding.exposure = value;
  }
  return finding;
}

/**
 * Runs `check` on every container (of the given kinds) of every pod spec; findings carry the workload's exposure.
 * `check` gets `context` as `evaluatePodSpecs` hands it.
 */
export function evaluateContainers<C = undefined>(
  snapshot: ClusterSnapshot,
  check: (site: ContainerSite, context: C) => Found,
  kinds?: ContainerKind[],
  context?: C,
): RuleEvaluation {
  const exposureOf = workloadExposure(snapshot);
  const sites = allContainerSites(snapshot, kinds);
  const findings: RuleFinding[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    collectExposed(check(site, context as C), findings, exposureOf, site.site);
  }
  return { findings, checked: sites.length };
}

/**
 * Runs `check` on every pod spec; findings carry the workload's exposure. `context` is handed to every call: the
 * per-scan state of a check written as a module-level function (libs/rules/README.md says why checks are).
 */
export function evaluatePodSpecs<C = undefined>(
  snapshot: ClusterSnapshot,
  check: (site: PodSpecSite, context: C) => Found,
  context?: C,
): RuleEvaluation {
  const exposureOf = workloadExposure(snapshot);
  const sites = podSpecSites(snapshot);
  const findings: RuleFinding[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    collectExposed(check(site, context as C), findings, exposureOf, site);
  }
  return { findings, checked: sites.length };
}

/** Runs `check` on every object of `kind`, handing it `context` as `evaluatePodSpecs` does. */
export function evaluateObjects<T extends K8sObject = K8sObject, C = undefined>(
  snapshot: ClusterSnapshot,
  kind: SnapshotKind,
  check: (object: T, context: C) => Found,
  context?: C,
): RuleEvaluation {
  const objects = (snapshot.resources[kind] ?? []) as T[];
  const findings: RuleFinding[] = [];
  for (let i = 0; i < objects.length; i++) collect(check(objects[i]!, context as C), findings);
  return { findings, checked: objects.length };
}
