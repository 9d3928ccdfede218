import type { components } from '@meshguard/api-client';

export type Role = components['schemas']['ApiKeyDto']['role'];
const rank: Record<Role, number> = { auditor: 0, admin: 1, owner: 2 };

/** Mirrors the API's rule (apps/api/src/auth/principal.ts): auditors read, admins change, owners manage keys. */
export function roleAllows(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}
