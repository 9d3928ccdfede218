import type { Labels } from './label-selector.js';

/** A parsed Calico selector expression (e.g. `app == 'db' && has(tier)`), as a predicate over labels. */
export type CalicoSelector = (labels: Labels) => boolean;

/**
 * Parses Calico's selector syntax: `all()`, `global()` (non-namespaced endpoints: matches no pod), `has(k)`, `!has(k)`, `k == 'v'`, `k != 'v'`,
 * `k in {'a','b'}`, `k not in {…}`, `k contains 'v'`, `k starts with 'v'`, `k ends with 'v'`, `!`, `&&`, `||`,
 * parentheses. An empty string means `all()`. Throws with the position of the first error.
 */
export function parseCalicoSelector(text: string): CalicoSelector {
  return parseCalicoSelectorWithKeys(text).test;
}

/** Like `parseCalicoSelector`, also returning the label keys the expression reads. */
export function parseCalicoSelectorWithKeys(text: string): { test: CalicoSelector; keys: string[] } {
  const keys = new Set<string>();
  let pos = 0;
  const src = text;
  const fail = (what: string): never => {
    throw new Error(`Calico selector "${text}": ${what} at position ${pos}`);
  };
  const skip = (): void => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const eat = (token: string): boolean => {
    skip();
    if (src.startsWith(token, pos)) {
      pos += token.length;
      return true;
    }
    return false;
  };
  const ident = (): string => {
    skip();
    const m = /^[A-Za-z0-9_.\/-]+/.exec(src.slice(pos));
    if (!m) fail('expected a label key');
    pos += m![0].length;
    keys.add(m![0]);
    return m![0];
  };
  const str = (): string => {
    skip();
    const q = src[pos];
    if (q !== "'" && q !== '"') fail('expected a quoted value');
    const end = src.indexOf(q!, pos + 1);
    if (end < 0) fail('unterminated string');
    const value = src.slice(pos + 1, end);
    pos = end + 1;
    return value;
  };
  const set = (): string[] => {
    if (!eat('{')) fail("expected '{'");
    const values: string[] = [];
    if (eat('}')) return values;
    do values.push(str());
    while (eat(','));
    if (!eat('}')) fail("expected '}'");
    return values;
  };
  const atom = (): CalicoSelector => {
    skip();
    if (eat('(')) {
      const inner = or();
      if (!eat(')')) fail("expected ')'");
      return inner;
    }
    if (eat('!')) {
      const inner = atom();
      return (l) => !inner(l);
    }
    if (eat('all()')) return () => true;
    // global() selects non-namespaced endpoints (host endpoints, global network sets), never pods.
    if (eat('global()')) return () => false;
    if (/^has\s*\(/.test(src.slice(pos))) {
      eat('has');
      eat('(');
      const key = ident();
      if (!eat(')')) fail("expected ')'");
      return (l) => Object.prototype.hasOwnProperty.call(l, key);
    }
    const key = ident();
    const has = (l: Labels): boolean => Object.prototype.hasOwnProperty.call(l, key);
    if (eat('==')) {
      const v = str();
      return (l) => has(l) && l[key] === v;
    }
    if (eat('!=')) {
      const v = str();
      return (l) => !has(l) || l[key] !== v;
    }
    if (eat('not in')) {
      const vs = set();
      return (l) => !has(l) || !vs.includes(l[key]!);
    }
    if (eat('in')) {
      const vs = set();
      return (l) => has(l) && vs.includes(l[key]!);
    }
    if (eat('contains')) {
      const v = str();
      return (l) => has(l) && l[key]!.includes(v);
    }
    if (eat('starts with') || eat('startswith')) {
      const v = str();
      return (l) => has(l) && l[key]!.startsWith(v);
    }
    if (eat('ends with') || eat('endswith')) {
      const v = str();
      return (l) => has(l) && l[key]!.endsWith(v);
    }
    return fail(`expected an operator after "${key}"`);
  };
  const and = (): CalicoSelector => {
    let left = atom();
    while (eat('&&')) {
      const a = left;
      const b = atom();
      left = (l) => a(l) && b(l);
    }
    return left;
  };
  const or = (): CalicoSelector => {
    let left = and();
    while (eat('||')) {
      const a = left;
      const b = and();
      left = (l) => a(l) || b(l);
    }
    return left;
  };
  skip();
  if (pos === src.length) return { test: () => true, keys: [] };
  const result = or();
  skip();
  if (pos !== src.length) fail('unexpected text');
  return { test: result, keys: [...keys] };
}
