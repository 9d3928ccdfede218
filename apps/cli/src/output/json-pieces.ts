/**
 * `JSON.stringify(value, null, 2)` in pieces: containers down to `depth` levels are written member by member, deeper
 * values whole. A report with a million findings becomes thousands of small strings instead of one string larger than
 * V8 allows (about 512 MiB), and the text is byte for byte the same.
 */
export function* jsonPieces(value: unknown, depth = 3, indent = ''): Generator<string, void, undefined> {
  const plain = jsonValueOf(value);
  if (depth === 0 || plain === null || typeof plain !== 'object') {
    yield (JSON.stringify(plain, null, 2) ?? 'null').replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(plain)) {
    if (plain.length === 0) return yield '[]';
    yield '[';
    for (let index = 0; index < plain.length; index++) {
      yield `${index === 0 ? '' : ','}\n${inner}`;
      const item: unknown = plain[index];
      yield* jsonPieces(omitted(item) ? null : item, depth - 1, inner);
    }
    return yield `\n${indent}]`;
  }
  const entries = Object.entries(plain).filter(([, member]) => !omitted(member));
  if (entries.length === 0) return yield '{}';
  yield '{';
  for (const [index, [key, member]] of entries.entries()) {
    yield `${index === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* jsonPieces(member, depth - 1, inner);
  }
  yield `\n${indent}}`;
}

/** A whole JSON document in pieces, with the final newline. */
export function* jsonDocument(value: unknown, depth = 3): Generator<string, void, undefined> {
  yield* jsonPieces(value, depth);
  yield '\n';
}

/** Joins small pieces into chunks of about `size` characters, so writers make few calls. */
export function* inChunks(pieces: Iterable<string>, size = 1 << 16): Generator<string, void, undefined> {
  let buffer: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    length += piece.length;
    if (length >= size) {
      yield buffer.join('');
      buffer = [];
      length = 0;
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

function jsonValueOf(value: unknown): unknown {
  const withToJson = value as { toJSON?: () => unknown } | null | undefined;
  return typeof withToJson?.toJSON === 'function' ? withToJson.toJSON() : value;
}

/** What JSON.stringify leaves out of objects (and writes as null in arrays). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
