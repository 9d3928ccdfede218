/** Why the user is on the sign-in page, from the API's 401 `reason` (apps/api/src/auth/api-key.guard.ts). */
export type SignOutReason = 'signed-out' | 'missing' | 'unknown' | 'revoked' | 'expired';

export function signOutReasonOf(reason: string | null): SignOutReason {
  return reason === 'missing' || reason === 'revoked' || reason === 'expired' ? reason : 'unknown';
}

export function describeSignOut(reason: SignOutReason): string {
  switch (reason) {
    case 'signed-out':
      return 'You signed out. The key was removed from this browser tab.';
    case 'missing':
      return 'Your session ended: sign in with an API key.';
    case 'unknown':
      return 'The API does not know this key. Check that it was copied whole.';
    case 'revoked':
      return 'This API key was revoked. Ask an owner of your tenant for a new key.';
    case 'expired':
      return 'This API key has expired. Ask an owner of your tenant for a new key.';
  }
}
