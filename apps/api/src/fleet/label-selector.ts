import { labelProblems } from '../clusters/labels.js';
import { DomainError } from '../problems/domain-error.js';

/**
 * Parses an equality label selector (`env=prod,team=payments`, as kubectl's `-l`) into the labels every selected
 * cluster must carry. Throws a validation problem naming `field` when it is not one.
 */
export function parseSelector(selector: string, field = 'selector'): Record<string, string> {
  const labels: Record<string, string> = {};
  const problems = [];
  for (const term of selector.split(',')) {
    const match = /^([^=!]+)==?([^=]*)$/.exec(term.trim());
    if (!match) {
      problems.push({ field, message: `"${printable(term)}" is not key=value; use a comma-separated list such as env=prod,team=payments` });
      continue;
    }
    const [, key = '', value = ''] = match;
    if (key in labels && labels[key] !== value) problems.push({ field, message: `label ${printable(key)} is given twice with different values` });
    labels[key] = value;
  }
  problems.push(...labelProblems(labels, field).map((problem) => ({ field, message: `${printable(problem.field.slice(field.length + 1))}: ${problem.message}` })));
  if (problems.length > 0) throw new DomainError('validation-failed', 'The label selector is not valid.', problems);
  return labels;
}

/** Echoes user input in a message without control characters (NUL bytes and the like). */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 100);
}
