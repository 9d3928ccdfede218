import { move, transferableSymbol, valueSymbol } from 'piscina';

/**
 * For task code: returns `value` with `buffers` moved to the caller's thread instead of copied. The buffers must
 * belong to `value` (e.g. its Uint8Arrays' `.buffer`) and must not be used by the task afterwards.
 */
export function withTransfer<T extends object>(value: T, buffers: ArrayBuffer[]): T {
  // The pool unwraps this envelope, so the caller receives `value` itself.
  return move({ [transferableSymbol]: buffers, [valueSymbol]: value } as never) as unknown as T;
}
