/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '(unparsable database URL)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
