import { LineCounter, parseAllDocuments, type Document } from 'yaml';

/** A parsed piece of a YAML stream, with its position in the whole text. */
export interface StreamedYamlDocument {
  /** `document`: a whole document; `list-item`: one entry of the next document's top-level `items:` sequence. */
  type: 'document' | 'list-item';
  document: Document.Parsed;
  /** 1-based line where the document's (or item's) content starts. */
  line: number;
  /** The first error's message and its 1-based line/column, when there is one. */
  error?: { message: string; line: number; col: number };
  /**
   * On a document whose top-level `items:` sequence was handed over item by item before it: how many items there
   * were. The document itself then holds `items: []`.
   */
  streamedItems?: number;
}

const documentStart = /^---(?:[ \t]|\r?\n?$)/;
const documentEnd = /^\.\.\.(?:[ \t]|\r?\n?$)/;
const noContent = /^[ \t]*(?:#.*)?\r?\n?$/;
const itemsKey = /^items:[ \t]*(?:#.*)?(\r?\n?)$/;
const sequenceEntry = /^( *)-(?:[ \t]|\r?\n?$)/;

interface ItemsBlock {
  /** Column of the items' `-`. */
  indent: number;
  count: number;
  current?: { lines: string[]; firstLine: number };
}

/**
 * Reads YAML that arrives in pieces and hands back each document once it is complete, so a 60 MB
 * `kubectl get -o yaml` dump never exists as one string or one syntax tree. The text is cut only at `---` lines,
 * which YAML forbids inside any content, and each piece is parsed whole by the yaml library, so documents, errors and
 * positions are what parsing the whole text gives. (The library's own incremental mode misreads a block scalar or a
 * broken flow collection that a piece boundary cuts.)
 *
 * A document's top-level block sequence `items:` (a `List`, which is what `kubectl get -o yaml` prints: one document
 * holding the whole cluster) is handed over an item at a time, each parsed on its own, before the rest of the
 * document; an error in one item then costs that item only.
 */
export class YamlDocumentStream {
  private pending: string[] = [];
  private pendingFirstLine = 1;
  private pendingHasContent = false;
  /** Index in `pending` just after its last `...` line: directives after it belong to the next document. */
  private afterEndMarker = -1;
  private nextLine = 1;
  private partialLine = '';
  /** An `items:` line seen, not yet known to open a block sequence: its index in `pending`. */
  private itemsKeyAt: number | undefined;
  private items: ItemsBlock | undefined;
  /** Items handed over for the pending document. */
  private streamedItems = 0;

  /** Feeds the next piece of text; returns what it completed. */
  push(text: string): StreamedYamlDocument[] {
    const done: StreamedYamlDocument[] = [];
    const lines = (this.partialLine + text).split(/(?<=\n)/);
    this.partialLine = lines.at(-1)?.endsWith('\n') ? '' : (lines.pop() ?? '');
    for (const line of lines) this.addLine(line, done);
    return done;
  }

  /** Ends the text; returns what was still open. */
  end(): StreamedYamlDocument[] {
    const done: StreamedYamlDocument[] = [];
    if (this.partialLine) this.addLine(this.partialLine, done);
    this.partialLine = '';
    this.endItems(done);
    this.flush(this.pending.length, done);
    return done;
  }

  private addLine(line: string, done: StreamedYamlDocument[]): void {
    if (this.items && this.addItemLine(line, done)) return;
    if (this.itemsKeyAt !== undefined && !noContent.test(line)) this.confirmItems(line);
    if (this.items && this.addItemLine(line, done)) return;
    if (documentStart.test(line) && this.pendingHasContent)
      this.flush(this.afterEndMarker >= 0 ? this.afterEndMarker : this.pending.length, done);
    if (itemsKey.test(line) && this.afterEndMarker < 0) this.itemsKeyAt = this.pending.length;
    this.pending.push(line);
    this.nextLine++;
    if (documentEnd.test(line)) this.afterEndMarker = this.pending.length;
    else if (!noContent.test(line) && !(this.afterEndMarker >= 0 && line.startsWith('%')))
      this.pendingHasContent = true;
  }

  /** The first content line after `items:`: a `-` entry opens an item block; anything else leaves the text alone. */
  private confirmItems(line: string): void {
    const at = this.itemsKeyAt!;
    this.itemsKeyAt = undefined;
    const entry = sequenceEntry.exec(line);
    if (!entry) return;
    const keyLine = this.pending[at]!;
    this.pending[at] = `items: []${itemsKey.exec(keyLine)?.[1] ?? '\n'}`;
    this.items = { indent: entry[1]!.length, count: 0 };
  }

  /** Takes a line of the item block; false when the line ends the block (and is not taken). */
  private addItemLine(line: string, done: StreamedYamlDocument[]): boolean {
    const block = this.items!;
    const entry = sequenceEntry.exec(line);
    const startsItem = entry !== null && entry[1]!.length === block.indent;
    const continues =
      noContent.test(line) ||
      (!startsItem && leadingSpaces(line) > block.indent && !documentStart.test(line));
    if (!startsItem && !continues) {
      this.endItems(done);
      return false;
    }
    if (startsItem) {
      this.emitItem(done);
      block.current = { lines: [], firstLine: this.nextLine };
    }
    block.current?.lines.push(line);
    // The document keeps an empty line in its place, so positions after the block stay right.
    this.pending.push(line.endsWith('\r\n') ? '\r\n' : '\n');
    this.nextLine++;
    this.pendingHasContent = true;
    return true;
  }

  private endItems(done: StreamedYamlDocument[]): void {
    if (!this.items) return;
    this.emitItem(done);
    this.items = undefined;
  }

  private emitItem(done: StreamedYamlDocument[]): void {
    const block = this.items!;
    const item = block.current;
    if (!item) return;
    block.current = undefined;
    block.count++;
    this.streamedItems++;
    // The entry's text, moved left so it stands alone: its "- " and the items' indent go, the rest keeps its shape.
    const width = block.indent + 2;
    const [entry = '', ...rest] = item.lines;
    const afterDash = entry.slice(block.indent + 1);
    const text = [
      /^[ \t]/.test(afterDash) ? afterDash.slice(1) : afterDash,
      ...rest.map((line) => line.slice(Math.min(width, leadingSpaces(line)))),
    ].join('');
    for (const parsed of parsePiece(text, item.firstLine))
      done.push({
        ...parsed,
        type: 'list-item',
        ...(parsed.error ? { error: shifted(parsed.error, width) } : {}),
      });
  }

  /** Parses the first `count` pending lines; the rest (directives after a `...`) start the next piece. */
  private flush(count: number, done: StreamedYamlDocument[]): void {
    const piece = this.pending.slice(0, count);
    const rest = this.pending.slice(count);
    const firstLine = this.pendingFirstLine;
    this.pending = rest;
    this.pendingFirstLine = firstLine + piece.length;
    this.pendingHasContent = false;
    this.afterEndMarker = -1;
    this.itemsKeyAt = undefined;
    const streamedItems = this.streamedItems;
    this.streamedItems = 0;
    if (piece.length === 0) return;
    const documents = parsePiece(piece.join(''), firstLine);
    // The document that held the items is the piece's last: a piece ends where the next document with content starts.
    documents.forEach((document, index) =>
      done.push(
        index === documents.length - 1 && streamedItems > 0 ? { ...document, streamedItems } : document,
      ),
    );
  }
}

function leadingSpaces(line: string): number {
  let count = 0;
  while (line.charCodeAt(count) === 32) count++;
  return count;
}

function shifted(error: NonNullable<StreamedYamlDocument['error']>, columns: number) {
  return { ...error, col: error.col + columns };
}

function parsePiece(text: string, firstLine: number): StreamedYamlDocument[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  return list.map((document) => {
    const line = lines.linePos(document.contents?.range[0] ?? document.range[0]).line + firstLine - 1;
    const [first] = document.errors;
    if (!first) return { type: 'document', document, line };
    const at = lines.linePos(first.pos[0]);
    return {
      type: 'document',
      document,
      line,
      error: { message: first.message, line: at.line + firstLine - 1, col: at.col },
    };
  });
}

/** Everything of a text in memory. */
export function yamlDocumentsOf(text: string): StreamedYamlDocument[] {
  const stream = new YamlDocumentStream();
  return [...stream.push(text), ...stream.end()];
}

/**
 * Everything of UTF-8 bytes read piece by piece (a file stream, standard input). Throws NotUtf8Error at the first
 * byte sequence that is not UTF-8, after what was completed before it.
 */
export async function* yamlDocumentsFrom(
  bytes: AsyncIterable<Uint8Array>,
): AsyncGenerator<StreamedYamlDocument, void, undefined> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new NotUtf8Error();
    }
  };
  const stream = new YamlDocumentStream();
  for await (const chunk of bytes) yield* stream.push(decode(chunk));
  const rest = decode();
  if (rest) yield* stream.push(rest);
  yield* stream.end();
}

export class NotUtf8Error extends Error {
  constructor() {
    super('not UTF-8 text');
    this.name = 'NotUtf8Error';
  }
}
