import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/meshguard-api.js';

export type MeshguardApi = Client<paths>;
export type { components, paths };

/** A typed client of the meshguard REST API (types generated from apps/api/openapi.json by openapi-typescript). */
export function createMeshguardClient(baseUrl: string, apiKey: string): MeshguardApi {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}
