/** What a continue token carries: the list's resourceVersion, the key to resume after, and when it was issued. */
export interface ContinuePosition {
  resourceVersion: string;
  /** `namespace/name` of the last object returned; the next page starts after it. */
  lastKey: string;
  issuedAt: number;
  /** Set on the token handed back with a 410: continuing with it gives an inconsistent list. */
  inconsistent?: boolean;
}

export class ContinueTokenError extends Error {}

/** Opaque, base64url-encoded continue token in the spirit of the real server's (`{"v":"meta.k8s.io/v1","rv":..,"start":..}`). */
export function encodeContinue(position: ContinuePosition): string {
  const payload = {
    v: 'meta.k8s.io/v1',
    rv: position.resourceVersion,
    start: `${position.lastKey}\u0000`,
    t: position.issuedAt,
    ...(position.inconsistent ? { i: 1 } : {}),
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeContinue(token: string): ContinuePosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new ContinueTokenError('continue key is not valid: not a token this server issued');
  }
  const p = payload as Record<string, unknown>;
  if (
    p.v !== 'meta.k8s.io/v1' ||
    typeof p.rv !== 'string' ||
    typeof p.start !== 'string' ||
    !p.start.endsWith('\u0000') ||
    typeof p.t !== 'number'
  ) {
    throw new ContinueTokenError(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
  return {
    resourceVersion: p.rv,
    lastKey: p.start.slice(0, -1),
    issuedAt: p.t,
    ...(p.i ? { inconsistent: true } : {}),
  };
}
