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

/** The one place a key is printed: a banner on the terminal, never in the logs. */
export function announceKey(
  heading: string,
  token: string,
  url: string,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  write(
    `\n${'='.repeat(72)}\n${heading}\n\n  ${token}\n\nIt is shown only now: store it in your secret manager.\n` +
      `Use it as: curl -H "Authorization: Bearer <key>" ${url}/v1/tenant\n${'='.repeat(72)}\n\n`,
  );
}

/**
 * What `npm start` prints once it is serving: where to go and, on the very first start, the owner key (shown only
 * then). Plain lines for people; the logs carry the same facts without the key.
 */
export function startupBanner(url: string, bootstrap: BootstrapOutcome): string {
  const lines = ['', `  meshguard is running at ${url}`, `  API reference: ${url}/docs`];
  if (bootstrap.created)
    lines.push(
      '',
      '  The first tenant was created. Its owner API key (shown only now; store it in your secret manager):',
      '',
      `    ${bootstrap.token}`,
      '',
      `  Sign in with it, or: curl -H "Authorization: Bearer <key>" ${url}/v1/tenant`,
    );
  else lines.push('  Sign in with an API key of your tenant (the first one was printed on the first start).');
  return `${lines.join('\n')}\n\n`;
}
