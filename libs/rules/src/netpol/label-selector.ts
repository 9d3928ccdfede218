/** One `matchExpressions` entry of a Kubernetes label selector. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Kubernetes `LabelSelector`: `matchLabels` and `matchExpressions` are ANDed. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>>;

/**
 * True when `labels` satisfy `selector` with Kubernetes semantics: every `matchLabels` pair and every
 * `matchExpressions` requirement must hold; an empty selector (`{}`) matches everything.
 * Callers decide what an *absent* selector means (in NetworkPolicy peers it differs by field), so
 * `undefined` is not accepted here. An unknown operator matches nothing (the API server would reject it).
 */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    for (const key in matchLabels) if (labels[key] !== matchLabels[key]) return false;
  }
  const expressions = selector.matchExpressions;
  if (expressions) {
    for (const req of expressions) if (!matchesRequirement(req, labels)) return false;
  }
  return true;
}

/** One `matchExpressions` requirement; `In`/`NotIn` with the label absent: `In` fails, `NotIn` holds. */
export function matchesRequirement(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(labels[req.key]!);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(labels[req.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** True for `{}` (or a selector whose parts are all empty): it selects every object. */
export function isEmptySelector(selector: LabelSelector | undefined | null): boolean {
  if (!selector) return false;
  return !hasOwnKeys(selector.matchLabels) && (selector.matchExpressions ?? []).length === 0;
}

/** `Object.keys(o ?? {}).length > 0` without building the list. */
function hasOwnKeys(o: object | undefined): boolean {
  if (o) for (const key in o) if (Object.prototype.hasOwnProperty.call(o, key)) return true;
  return false;
}

const operators: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// The functions below run once per selector of every policy (10,000s at preset L), mostly before V8 optimises them, and
// are among the largest it then compiles: plain loops, no callbacks, spreads or per-call arrays keep them small.

/** Problems that make the API server reject a selector (e.g. `In` without values), as messages naming the field. */
export function labelSelectorProblems(selector: unknown, path: string): string[] {
  if (selector === undefined || selector === null) return [];
  if (typeof selector !== 'object' || Array.isArray(selector)) return [`${path} must be an object with matchLabels/matchExpressions`];
  const { matchLabels, matchExpressions } = selector as Record<string, unknown>;
  if (matchLabels === undefined && matchExpressions === undefined) return [];
  const problems: string[] = [];
  if (matchLabels !== undefined && (typeof matchLabels !== 'object' || matchLabels === null || Array.isArray(matchLabels))) {
    problems.push(`${path}.matchLabels must be a map of label key to value`);
  }
  if (matchExpressions !== undefined) {
    if (!Array.isArray(matchExpressions)) problems.push(`${path}.matchExpressions must be a list`);
    else
      for (let i = 0; i < matchExpressions.length; i++)
        if (i in matchExpressions) addRequirementProblems(matchExpressions[i], `${path}.matchExpressions[${i}]`, problems);
  }
  return problems;
}

function addRequirementProblems(raw: unknown, at: string, problems: string[]): void {
  const req = raw as Partial<LabelSelectorRequirement> | null | undefined;
  if (typeof req?.key !== 'string' || req.key === '') problems.push(`${at}.key must be a non-empty string`);
  if (!operators.includes(req?.operator as string)) {
    problems.push(`${at}.operator "${String(req?.operator)}" must be one of In, NotIn, Exists, DoesNotExist`);
  } else if ((req!.operator === 'In' || req!.operator === 'NotIn') && !(Array.isArray(req!.values) && req!.values.length > 0)) {
    problems.push(`${at}: operator ${req!.operator} needs a non-empty values list`);
  } else if ((req!.operator === 'Exists' || req!.operator === 'DoesNotExist') && Array.isArray(req!.values) && req!.values.length > 0) {
    problems.push(`${at}: operator ${req!.operator} must not have values`);
  }
}

/** The label keys a selector reads. */
export function selectorKeys(selector: LabelSelector): string[] {
  const keys = Object.keys(selector.matchLabels ?? {});
  // `map` rather than a loop: a `matchExpressions` that is not a list throws, as it always has.
  const expressionKeys = (selector.matchExpressions ?? []).map(requirementKey);
  for (let i = 0; i < expressionKeys.length; i++) keys.push(expressionKeys[i]!);
  return keys;
}

const requirementKey = (r: LabelSelectorRequirement): string => r.key;

/** Canonical text of a selector, usable as a cache key and in explanations (`app=web,tier in (a,b)`; `{}` is `<all>`). */
export function selectorKey(selector: LabelSelector): string {
  const parts: string[] = [];
  const matchLabels = selector.matchLabels;
  if (matchLabels) {
    const keys = Object.keys(matchLabels);
    if (keys.length > 1) keys.sort();
    for (const key of keys) parts.push(`${key}=${matchLabels[key]}`);
  }
  const expressions: unknown = selector.matchExpressions;
  if (expressions === undefined || expressions === null || (Array.isArray(expressions) && expressions.length === 0)) {
    return parts.length === 0 ? '<all>' : parts.length === 1 ? parts[0]! : parts.join(',');
  }
  // `map` rather than a loop: a `matchExpressions` that is not a list throws, as it always has.
  const exprs = (selector.matchExpressions ?? []).map(requirementText);
  exprs.sort();
  for (let i = 0; i < exprs.length; i++) parts.push(exprs[i]!);
  return parts.length === 0 ? '<all>' : parts.join(',');
}

function requirementText(r: LabelSelectorRequirement): string {
  switch (r.operator) {
    case 'In':
      return `${r.key} in (${[...(r.values ?? [])].sort().join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${[...(r.values ?? [])].sort().join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    default:
      return `${r.key} ${String(r.operator)}`;
  }
}
