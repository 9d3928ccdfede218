import type { FieldError } from '../problems/domain-error.js';

const labelKey = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const maxLabels = 64;

/** Checks labels with Kubernetes' own rules for keys and values, so fleet grouping reads like kubectl. */
export function labelProblems(labels: Record<string, unknown>, field: string): FieldError[] {
  const entries = Object.entries(labels);
  const problems: FieldError[] = [];
  if (entries.length > maxLabels) problems.push({ field, message: `at most ${maxLabels} labels` });
  for (const [key, value] of entries) {
    if (!labelKey.test(key) || key.length > 317) problems.push({ field: `${field}.${key}`, message: 'label keys are [prefix/]name like Kubernetes labels (name: 1-63 alphanumerics, - _ .)' });
    if (typeof value !== 'string' || !labelValue.test(value)) problems.push({ field: `${field}.${key}`, message: 'label values are strings of at most 63 alphanumerics, - _ .' });
  }
  return problems;
}

/** Parses `env=prod,team=payments` into a map. */
export function parseLabelSelector(selector: string | undefined): Record<string, string> | undefined {
  if (!selector) return undefined;
  return Object.fromEntries(selector.split(',').map((pair) => pair.split('=', 2) as [string, string]));
}
