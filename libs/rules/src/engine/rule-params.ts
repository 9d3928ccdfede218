import type { AnyRule, RuleParams } from './rule.js';

export class RuleParamsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleParamsError';
  }
}

/** A rule's params: its declared defaults overlaid with overrides; unknown names and wrong types are rejected. */
export function resolveRuleParams(rule: AnyRule, overrides: RuleParams | undefined): RuleParams {
  const declared = (rule.params ?? {}) as Record<string, { default: unknown }>;
  const params: RuleParams = Object.fromEntries(
    Object.entries(declared).map(([name, param]) => [name, param.default]),
  );
  for (const [name, value] of Object.entries(overrides ?? {})) {
    const param = declared[name];
    if (!param) {
      const known = Object.keys(declared);
      throw new RuleParamsError(
        `rule ${rule.id} has no param "${name}"${known.length ? ` (it takes: ${known.join(', ')})` : ' (it takes none)'}`,
      );
    }
    if (kindOf(value) !== kindOf(param.default)) {
      throw new RuleParamsError(
        `rule ${rule.id} param "${name}" must be ${kindOf(param.default)}, got ${kindOf(value)}`,
      );
    }
    params[name] = value;
  }
  return params;
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}
