import type { TextSink } from '../text-sink.js';

/**
 * Writes `value` as JSON.stringify would (compact), streaming arrays and objects down to `streamDepth` levels and
 * stringifying whatever lies deeper in one piece: a fleet-sized array never becomes one string.
 */
export async function writeJsonStream(out: TextSink, value: unknown, streamDepth = 4): Promise<void> {
  for (const piece of jsonPieces(value, streamDepth)) {
    out.write(piece);
    if (out.full) await out.flush();
  }
}

function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) yield ',';
      const item: unknown = value[index];
      if (item === undefined || typeof item === 'function') yield 'null';
      else yield* jsonPieces(item, depth - 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(item, depth - 1);
  }
  yield '}';
}
