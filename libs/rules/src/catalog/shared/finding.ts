import type { Evidence, Exposure, RuleFinding } from '../../engine/rule.js';
import { ruleFinding } from '../../engine/rule-finding.js';
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
  const field = reportedField(pointer);
  const message = field.messagePrefix + problem;
  const evidence = evidenceOf(field, value);
  return ruleFinding(resource, message, evidence, container, exposure);
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
  const field = reportedField(pointer);
  const message = field.messagePrefix + problem;
  const evidence = evidenceOf(field, value);
  return ruleFinding(resource, message, evidence, undefined, exposure);
}

/** A finding about an object; `message` is used as given when `pointer` is empty. */
export function objectFinding(
  object: K8sObject,
  pointer: string,
  problem: string,
  value?: unknown,
  sensitive = false,
): RuleFinding {
  const field = pointer ? reportedField(pointer) : undefined;
  const shared = field?.pointer ?? pointer;
  const item: Evidence =
    value === undefined
      ? sensitive
        ? { pointer: shared, sensitive }
        : { pointer: shared }
      : sensitive
        ? { pointer: shared, value, sensitive }
        : { pointer: shared, value };
  return ruleFinding(refOf(object), field ? field.messagePrefix + problem : problem, [item]);
}

/** A pointer as findings report it: the one string kept for all equal pointers, and the message prefix it implies. */
interface ReportedField {
  pointer: string;
  /** The field path of the pointer and a space, e.g. `spec.template.spec.containers[0].image `. */
  messagePrefix: string;
  /** Evidence lists naming this pointer, by reported value, built on first use by `evidenceOf`. */
  evidenceByValue: Map<unknown, Evidence[]> | undefined;
}

// Tens of thousands of findings name a few dozen distinct pointers, each built afresh by its rule. Keeping one string
// per pointer (instead of each finding's copy) and its message prefix saves memory per finding and a path lookup.
// Bounded, so pointers naming data keys cannot grow it without limit in a long-running process.
const reportedFields = new Map<string, ReportedField>();
const reportedFieldsLimit = 8192;

function reportedField(pointer: string): ReportedField {
  let field = reportedFields.get(pointer);
  if (field === undefined) {
    field = { pointer, messagePrefix: `${fieldPath(pointer)} `, evidenceByValue: undefined };
    if (reportedFields.size >= reportedFieldsLimit) reportedFields.clear();
    reportedFields.set(pointer, field);
  }
  return field;
}

// Most container findings report no value, a flag or one of a few policy names: findings reporting the same pointer
// and value share one frozen evidence list. Values with many variants (image names) are mostly built per finding.
const sharedValuesPerField = 16;

/** `[{ pointer, value }]` for a finding (`[{ pointer }]` without a value); shared and frozen for simple values. */
function evidenceOf(field: ReportedField, value: unknown): Evidence[] {
  if (value !== undefined && typeof value !== 'string' && typeof value !== 'boolean')
    return [{ pointer: field.pointer, value }];
  const lists = (field.evidenceByValue ??= new Map());
  const shared = lists.get(value);
  if (shared !== undefined) return shared;
  const item = value === undefined ? { pointer: field.pointer } : { pointer: field.pointer, value };
  if (lists.size >= sharedValuesPerField) return [item];
  const list = Object.freeze([Object.freeze(item)]) as Evidence[];
  lists.set(value, list);
  return list;
}
