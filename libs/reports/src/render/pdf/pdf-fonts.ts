import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Doc = PDFKit.PDFDocument;

/** The Unicode font's file name next to a bundled program (the CLI package ships it in bin/, see apps/cli/scripts/pack.mjs). */
export const unicodeFontFileName = 'NotoSansJP-Regular.ttf';
/** Where it is in its npm package (Noto Sans JP, SIL Open Font License 1.1): Latin, Greek, Cyrillic, kana and CJK. */
export const unicodeFontModule = '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf';

/**
 * Characters PDFKit's standard fonts can show (WinAnsiEncoding: Latin-1 and a few typographic marks); anything else
 * they silently drop, so text holding it is set in the embedded Unicode font.
 */
const winAnsi = /^[\t\n\r\x20-\x7e\xa0-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]*$/;

let fontBytes: Buffer | undefined;

/** The Unicode font's bytes, read once per process: next to the running bundle when there is one, else from its package. */
function unicodeFontBytes(): Buffer {
  if (!fontBytes) {
    const bundled = fileURLToPath(new URL(unicodeFontFileName, import.meta.url));
    fontBytes = readFileSync(existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve(unicodeFontModule));
  }
  return fontBytes;
}

/**
 * Picks the font for a piece of text: Helvetica (regular or bold) when it can show every character, which keeps the
 * common case fast and the file small; otherwise the embedded Unicode font (registered on first use, embedded as a
 * subset of the glyphs used). It has one weight, so bold non-Latin text is set regular.
 */
export class PdfFonts {
  private registered = false;

  constructor(private readonly doc: Doc) {}

  /** Sets the document's font for `text` and returns the document, for chaining. */
  for(text: string, weight: 'regular' | 'bold' = 'regular'): Doc {
    if (winAnsi.test(text)) return this.doc.font(weight === 'bold' ? 'Helvetica-Bold' : 'Helvetica');
    if (!this.registered) {
      this.doc.registerFont('meshguard-unicode', unicodeFontBytes());
      this.registered = true;
    }
    return this.doc.font('meshguard-unicode');
  }
}
