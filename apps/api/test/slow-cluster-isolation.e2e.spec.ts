import { testEngineNames } from '@meshguard/db/testing';
import { startSimulator, type RunningSimulator } from '@meshguard/k8s-sim';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startTestApi, type TestApi, type TestTenant } from './support/test-api.js';

/**
 * Issue 16, break 5: registering a slow cluster ran the cluster check inside the tenant's transaction, which held the
 * embedded database's only connection (stalling every other tenant) and expired mid-check. The check now runs
 * between two short transactions; this proves it on both engines without timing asserts.
 */
describe.each(testEngineNames)('a slow cluster registers without stalling another tenant (%s)', (engine) => {
  let api: TestApi;
  let slow: RunningSimulator;
  let patient: TestTenant;
  let bystander: TestTenant;

  beforeAll(async () => {
    [api, slow] = await Promise.all([
      startTestApi({}, { engine }),
      startSimulator({ preset: 'demo', faults: { latencyMs: 100, appliesTo: 'all' } }),
    ]);
    patient = await api.createTenant('Patient');
    bystander = await api.createTenant('Bystander');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([api?.close(), slow?.stop()]);
  });

  it('keeps answering the other tenant while the cluster is being checked, then registers it', async () => {
    let registered = false;
    const registration = api
      .http()
      .post('/v1/clusters')
      .set(bearer(patient.token))
      .send({ name: 'slow-one', kubeconfig: slow.kubeconfig({ token: 'read-only' }) })
      .then((response) => ((registered = true), response));
    await until(() => slow.stats().requests > 0);

    const openTransactions: number[] = [];
    const answers: number[] = [];
    let roundsDuringCheck = 0;
    while (!registered && roundsDuringCheck < 200) {
      if (api.testDatabase) openTransactions.push(await longIdleTransactions(api.testDatabase.url));
      answers.push((await api.http().get('/v1/tenant').set(bearer(bystander.token))).status);
      answers.push((await api.http().get('/v1/clusters').set(bearer(bystander.token))).status);
      roundsDuringCheck++;
    }

    const response = await registration;
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.cluster.name).toBe('slow-one');
    expect(answers.every((status) => status === 200)).toBe(true);
    // Not serialised behind the slow registration: the other tenant got answers again and again while it ran
    // (queued behind its transaction, the first answer would only have come once the registration was done).
    expect(roundsDuringCheck).toBeGreaterThanOrEqual(3);
    // No transaction waits on the network: none stood idle for a second while the cluster was being contacted.
    expect(openTransactions.every((count) => count === 0)).toBe(true);
  }, 120_000);
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Transactions open for over a second and idle: waiting on something outside the database. */
async function longIdleTransactions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND xact_start < now() - interval '1 second'",
    );
    return Number(rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}
