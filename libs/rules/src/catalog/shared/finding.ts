import type { Evidence, Exposure, RuleFinding } from '../../engine/rule.js';
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
  const resource = site.site.ref;
  const container = site.container.name;
  const message = `${fieldPath(pointer)} ${problem}`;
  const evidence = [value === undefined ? { pointer } : { pointer, value }];
  return exposure ? { resource, container, message, evidence, exposure } : { resource, container, message, evidence };
}

/** A finding about a pod spec (no single container). */
export function podFinding(
  site: PodSpecSite,
  pointer: string,
  problem: string,
  value?: unknown,
  exposure?: Exposure,
): RuleFinding {
  const resource = site.ref;
  const message = `${fieldPath(pointer)} ${problem}`;
  const evidence = [value === undefined ? { pointer } : { pointer, value }];
  return exposure ? { resource, message, evidence, exposure } : { resource, message, evidence };
}

/** A finding about an object; `message` is used as given when `pointer` is empty. */
export function objectFinding(
  object: K8sObject,
  pointer: string,
  problem: string,
  value?: unknown,
  sensitive = false,
): RuleFinding {
  const item: Evidence =
    value === undefined
      ? sensitive
        ? { pointer, sensitive }
        : { pointer }
      : sensitive
        ? { pointer, value, sensitive }
        : { pointer, value };
  return {
    resource: refOf(object),
    message: pointer ? `${fieldPath(pointer)} ${problem}` : problem,
    evidence: [item],
  };
}
