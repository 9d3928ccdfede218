import { parseArgs } from 'node:util';
import { openDatabase } from '@meshguard/db';
import { runMain } from '@meshguard/platform';
import { issueApiKey } from '../auth/api-key-secret.js';
import { publicUrl } from '../app/public-url.js';
import { announceKey } from '../tenancy/first-tenant.js';

// `npm run tenant:create -- --name "Payments team" [--slug payments]`: an operator creates a tenant and its first owner key.
runMain('meshguard tenant:create', async (config) => {
  const { values } = parseArgs({ options: { name: { type: 'string' }, slug: { type: 'string' } }, strict: true });
  const name = values.name?.trim();
  if (!name) throw new Error('--name is required, e.g. npm run tenant:create -- --name "Payments team"');
  const slug = values.slug ?? slugOf(name);
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(slug)) {
    throw new Error(`--slug ${JSON.stringify(slug)} is invalid: use 1-63 lowercase letters, digits and dashes`);
  }
  const database = await openDatabase(config.database);
  try {
    const key = issueApiKey();
    const tenant = await database.system.createTenant({
      name,
      slug,
      ownerKey: { name: 'first owner', prefix: key.prefix, secretHash: key.secretHash },
    });
    announceKey(`Tenant "${name}" (${slug}, id ${tenant.tenantId}) created. Its owner API key:`, key.token, publicUrl(config));
  } finally {
    await database.close();
  }
});

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
