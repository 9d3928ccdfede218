/** Why tenant-scoped work was refused; `code` is stable for callers and tests. */
export type TenantContextErrorCode = 'no-tenant-context' | 'nested-tenant-context' | 'invalid-tenant-id';

/** Tenant-scoped work outside a tenant context, inside another one, or with a malformed tenant id. Fail closed. */
export class TenantContextError extends Error {
  constructor(
    readonly code: TenantContextErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TenantContextError';
  }
}
