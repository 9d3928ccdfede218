import { createMeshguardClient, type MeshguardApi } from '@meshguard/api-client';
import { problemFrom } from './api-problem.js';

/**
 * The typed client for this browser session, on the origin that served the app. Any 401 hands the API's reason to
 * `onUnauthorized`, which ends the session and returns to sign-in.
 */
export function createSessionClient(token: string, onUnauthorized: (reason: string | null) => void): MeshguardApi {
  const client = createMeshguardClient(window.location.origin, token);
  client.use({
    async onResponse({ response }) {
      if (response.status !== 401) return undefined;
      const body: unknown = await response.clone().json().catch(() => null);
      onUnauthorized(problemFrom(response, body).reason);
      return undefined;
    },
  });
  return client;
}
