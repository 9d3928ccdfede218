/** First line of a yaml library error without the position suffix prettyErrors appends (callers print the position). */
export function yamlErrorText(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}
