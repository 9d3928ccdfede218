const cache = new Map<string, RegExp>();

/** Matches `value` against a glob where `*` is any run of characters and `?` one character. */
export function globMatch(pattern: string, value: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`);
    cache.set(pattern, regex);
  }
  return regex.test(value);
}
