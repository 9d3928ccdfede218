import type { components, MeshguardApi } from '@meshguard/api-client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createSessionClient } from './api-client.js';
import { unwrap } from './api-problem.js';
import { roleAllows, type Role } from './roles.js';
import { forgetApiKey, storeApiKey, storedApiKey } from './session-storage.js';
import { signOutReasonOf, type SignOutReason } from './sign-out-reason.js';

export type ApiKeyInfo = components['schemas']['ApiKeyDto'];

interface SessionValue {
  client: MeshguardApi | null;
  signOutReason: SignOutReason | null;
  /** Checks the key against the API (GET /v1/api-keys/current) and keeps it only if it works. */
  signIn(token: string): Promise<void>;
  signOut(reason?: SignOutReason): void;
}

const SessionContext = createContext<SessionValue | null>(null);
const currentKeyQuery = ['api-keys', 'current'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const onUnauthorized = useRef<(reason: string | null) => void>(() => undefined);
  const clientFor = useCallback((token: string) => createSessionClient(token, (reason) => onUnauthorized.current(reason)), []);
  const [client, setClient] = useState<MeshguardApi | null>(() => {
    const token = storedApiKey();
    return token ? clientFor(token) : null;
  });
  const [signOutReason, setSignOutReason] = useState<SignOutReason | null>(null);

  const signOut = useCallback(
    (reason: SignOutReason = 'signed-out') => {
      forgetApiKey();
      queryClient.clear();
      setClient(null);
      setSignOutReason(reason);
    },
    [queryClient],
  );
  useEffect(() => {
    onUnauthorized.current = (reason) => signOut(signOutReasonOf(reason));
  }, [signOut]);

  const value = useMemo<SessionValue>(
    () => ({
      client,
      signOutReason,
      async signIn(token) {
        const trimmed = token.trim();
        // A client without the 401 hook: a wrong key on the sign-in form is an answer to show, not a sign-out.
        const probe = createSessionClient(trimmed, () => undefined);
        const key = await unwrap(probe.GET('/v1/api-keys/current'));
        storeApiKey(trimmed);
        queryClient.setQueryData(currentKeyQuery, key);
        setSignOutReason(null);
        setClient(clientFor(trimmed));
      },
      signOut,
    }),
    [client, signOutReason, signOut, clientFor, queryClient],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The typed client of the signed-in session (pages render only when signed in). */
export function useApi(): MeshguardApi {
  const { client } = useSession();
  if (!client) throw new Error('useApi without a session');
  return client;
}

/** The key this session signed in with: its name and role. */
export function useCurrentKey() {
  const api = useApi();
  return useQuery({ queryKey: currentKeyQuery, queryFn: () => unwrap(api.GET('/v1/api-keys/current')), staleTime: 60_000 });
}

/** Whether the signed-in key's role may do something that needs `needed`; false until the role is known. */
export function useCan(needed: Role): boolean {
  const key = useCurrentKey().data;
  return key ? roleAllows(key.role, needed) : false;
}
