/**
 * Escapes LIKE's wildcards (`%`, `_`) and its escape character, so a user's filter text matches literally. Prisma's
 * `contains`/`startsWith` pass the text into LIKE as it is; every repository filter on user text goes through this.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
