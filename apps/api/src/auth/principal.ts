import type { ApiKeyRole } from '@meshguard/db';

/** Who is calling: resolved from the API key alone, never from a header or the URL. */
export interface Principal {
  tenantId: string;
  keyId: string;
  keyPrefix: string;
  role: ApiKeyRole;
}

/** What each role may do. Auditors read; admins also change clusters, scans and exceptions; owners also keys. */
export const roleRank: Record<ApiKeyRole, number> = { auditor: 0, admin: 1, owner: 2 };
