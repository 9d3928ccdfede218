import type { Database } from '@meshguard/db';
import { issueApiKey } from '../auth/api-key-secret.js';

/** What bootstrapping did: nothing (tenants exist) or the first tenant with its owner key, shown once. */
export type BootstrapOutcome = { created: false } | { created: true; tenantId: string; token: string };

/**
 * On an empty database, creates the first tenant and its owner key. Concurrent starts are safe: the database lets
 * exactly one of them create it.
 */
export async function bootstrapFirstTenant(database: Database): Promise<BootstrapOutcome> {
  if ((await database.system.countTenants()) > 0) return { created: false };
  const key = issueApiKey();
  const created = await database.system.createFirstTenant({
    name: 'Default tenant',
    slug: 'default',
    ownerKey: { name: 'bootstrap owner', prefix: key.prefix, secretHash: key.secretHash },
  });
  return created ? { created: true, tenantId: created.tenantId, token: key.token } : { created: false };
}

/** The one place a key is printed: a banner on the terminal, never in the JSON logs. */
export function announceKey(heading: string, token: string, apiUrl: string, write: (text: string) => void = (text) => process.stdout.write(text)): void {
  write(
    `\n${'='.repeat(72)}\n${heading}\n\n  ${token}\n\nIt is shown only now: store it in your secret manager.\n` +
      `Use it as: curl -H "Authorization: Bearer <key>" ${apiUrl}/v1/tenant\n${'='.repeat(72)}\n\n`,
  );
}
