/**
 * What any string, object or array arriving in a query or JSON body may be, whatever route it is for. Routes add
 * their own rules (DTOs); these hold for all of them, so a new route cannot forget them.
 */
export const inputLimits = {
  /** Nesting of objects and arrays; a kubeconfig sent as JSON needs about 6. */
  maxDepth: 32,
  /** Keys plus array elements in one body or query; a large kubeconfig has a few hundred. */
  maxNodes: 10_000,
} as const;

/** C0 controls but tab, line feed and carriage return, and DEL: never meaningful in our inputs; PostgreSQL refuses NUL. */
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export type InputProblemKind = 'control-character' | 'too-deep' | 'too-many-nodes';

export interface InputProblem {
  kind: InputProblemKind;
  /** Path of the offending value, such as `labels.team` or `kubeconfig.users[0].name`; empty for the whole input. */
  field: string;
}

export function hasControlCharacter(text: string): boolean {
  return controlCharacter.test(text);
}

/**
 * The first problem with a parsed query or body, or undefined. Walks with an explicit stack, so a hostile nesting of
 * any depth costs no call stack, and stops at the first problem.
 */
export function findInputProblem(input: unknown, limits: { maxDepth: number; maxNodes: number } = inputLimits): InputProblem | undefined {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value: input, field: '', depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasControlCharacter(value)) return { kind: 'control-character', field };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxDepth) return { kind: 'too-deep', field };
    const children: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [`[${index}]`, item]) : Object.entries(value);
    nodes += children.length;
    if (nodes > limits.maxNodes) return { kind: 'too-many-nodes', field };
    for (const [key, item] of children) {
      const childField = Array.isArray(value) ? field + key : field ? `${field}.${printable(key)}` : printable(key);
      if (hasControlCharacter(key)) return { kind: 'control-character', field: childField };
      stack.push({ value: item, field: childField, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A key as it can be shown in a problem response: control characters spelled out as `\u0000`. */
function printable(key: string): string {
  return key.replace(new RegExp(controlCharacter.source, 'g'), (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
