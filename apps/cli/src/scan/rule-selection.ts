import {
  catalog,
  frameworkById,
  frameworks,
  globMatch,
  rulesOfFramework,
  type AnyRule,
} from '@meshguard/rules';
import { CliError } from '../cli-io.js';

export interface RuleSelection {
  framework?: string;
  /** Comma-separated ids or globs. */
  rules?: string;
  area?: string;
}

/** The catalog rules a command runs or lists, filtered by framework, ids/globs and area; unknown names are errors. */
export function selectRules(selection: RuleSelection): AnyRule[] {
  let rules: AnyRule[] = [...catalog];
  if (selection.framework) {
    const framework = frameworkById(selection.framework);
    if (!framework)
      throw new CliError(
        `unknown framework "${selection.framework}"; known: ${frameworks.map((entry) => entry.id).join(', ')}`,
      );
    const ids = rulesOfFramework(framework);
    rules = rules.filter((rule) => ids.has(rule.id));
  }
  if (selection.rules) {
    const patterns = selection.rules
      .split(',')
      .map((pattern) => pattern.trim())
      .filter(Boolean);
    const unknown = patterns.filter((pattern) => !catalog.some((rule) => globMatch(pattern, rule.id)));
    if (unknown.length > 0)
      throw new CliError(`unknown rule id(s): ${unknown.join(', ')} (see "meshguard rules")`);
    rules = rules.filter((rule) => patterns.some((pattern) => globMatch(pattern, rule.id)));
  }
  if (selection.area) {
    const areas = new Set(catalog.map((rule) => rule.area));
    if (!areas.has(selection.area as AnyRule['area']))
      throw new CliError(`unknown area "${selection.area}"; known: ${[...areas].join(', ')}`);
    rules = rules.filter((rule) => rule.area === selection.area);
  }
  return rules;
}
