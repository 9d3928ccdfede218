import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

let api: TestApi;
let tenant: TestTenant;

// FAILED_AUTHENTICATIONS_PER_MINUTE, lower than its default of 60 so the test also proves the setting is honoured.
const failedAuthenticationsPerMinute = 7;

beforeAll(async () => {
  api = await startTestApi({ FAILED_AUTHENTICATIONS_PER_MINUTE: String(failedAuthenticationsPerMinute) });
  tenant = await api.createTenant('Limited');
});

afterAll(async () => {
  await api?.close();
});

describe('unauthenticated traffic (issue 16)', () => {
  it('is limited per client address with Retry-After, while a verified key keeps working', async () => {
    await api.http().get('/v1/tenant').set(bearer(tenant.token)).expect(200);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < failedAuthenticationsPerMinute * 3; attempt++) {
      statuses.push((await api.http().get('/v1/tenant').set(bearer(`mgk_guessing_${attempt}secretsecretsecret`))).status);
      if (statuses.at(-1) === 429) break;
    }
    const refused = await api.http().get('/v1/clusters').set(bearer('mgk_another_guess'));
    // A window boundary may reset the count once mid-run; the limit is still reached within two windows' worth.
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(failedAuthenticationsPerMinute);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(2 * failedAuthenticationsPerMinute);
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe('https://meshguard.dev/problems/rate-limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await api.http().get('/v1/tenant').set(bearer(tenant.token)).expect(200);
  });
});
