import { TenantContextError } from './tenant-context-error.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in its canonical text form (any version), as tenant and key ids are. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** Returns `value` lower-cased when it is a UUID; throws TenantContextError (code invalid-tenant-id) otherwise. */
export function assertTenantId(value: unknown): string {
  if (!isUuid(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 64)) : typeof value;
    throw new TenantContextError(
      'invalid-tenant-id',
      `Tenant id ${shown} is not a UUID; a tenant id comes from an authenticated API key or a job payload, never from user input.`,
    );
  }
  return value.toLowerCase();
}
