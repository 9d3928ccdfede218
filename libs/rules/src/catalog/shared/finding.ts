import type { Exposure, RuleFinding } from '../../engine/rule.js';
import type { K8sObject } from '../../snapshot/snapshot.js';
import type { ContainerSite, PodSpecSite } from '../../workload/pod-specs.js';
import { fieldPath, refOf } from '../../workload/resource-ref.js';

/** A finding about one container; the message is prefixed with the field path of `pointer`. */
export function containerFinding(
  site: ContainerSite,
  pointer: string,
  problem: string,
  value?: unknown,
  exposure?: Exposure,
): RuleFinding {
  return {
    resource: site.site.ref,
    container: site.container.name,
    message: `${fieldPath(pointer)} ${problem}`,
    evidence: [value === undefined ? { pointer } : { pointer, value }],
    ...(exposure ? { exposure } : {}),
  };
}

/** A finding about a pod spec (no single container). */
export function podFinding(
  site: PodSpecSite,
  pointer: string,
  problem: string,
  value?: unknown,
  exposure?: Exposure,
): RuleFinding {
  return {
    resource: site.ref,
    message: `${fieldPath(pointer)} ${problem}`,
    evidence: [value === undefined ? { pointer } : { pointer, value }],
    ...(exposure ? { exposure } : {}),
  };
}

/** A finding about an object; `message` is used as given when `pointer` is empty. */
export function objectFinding(
  object: K8sObject,
  pointer: string,
  problem: string,
  value?: unknown,
  sensitive = false,
): RuleFinding {
  return {
    resource: refOf(object),
    message: pointer ? `${fieldPath(pointer)} ${problem}` : problem,
    evidence: [{ pointer, ...(value === undefined ? {} : { value }), ...(sensitive ? { sensitive } : {}) }],
  };
}
