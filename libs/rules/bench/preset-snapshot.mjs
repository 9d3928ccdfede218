// The snapshot text both rules benches read: a simulator preset shaped as the collector stores it (known kinds only,
// secret values as HMAC digests, the pod and service networks), so both floors parse the same bytes.
import { createHmac } from 'node:crypto';
import { generateCluster, syntheticNetwork } from '@meshguard/k8s-sim';
import { snapshotKinds } from '@meshguard/rules';
import { snapshotKindOf } from '@meshguard/rules/testing';

/** JSON text of preset `preset`'s snapshot and how many objects it holds. */
export function presetSnapshotText(preset) {
  const key = Buffer.from('bench-digest-key');
  const resources = {};
  let objects = 0;
  for (const object of generateCluster(preset)) {
    const kind = snapshotKindOf(object.apiVersion, object.kind);
    if (!kind) continue;
    objects += 1;
    if (kind === 'secrets') {
      const data = {};
      for (const [name, value] of Object.entries({ ...(object.data ?? {}), ...(object.stringData ?? {}) }))
        data[name] = { hmac: createHmac('sha256', key).update(String(value)).digest('hex'), bytes: String(value).length };
      const { stringData: _s, ...rest } = object;
      (resources[kind] ??= []).push({ ...rest, data });
    } else (resources[kind] ??= []).push(object);
  }
  for (const kind of Object.keys(snapshotKinds)) if (!snapshotKinds[kind].optional) resources[kind] ??= [];
  const text = JSON.stringify({
    schemaVersion: 1,
    source: { type: 'cluster', location: `k8s-sim preset ${preset}` },
    collectedAt: '2026-01-01T00:00:00Z',
    serverVersion: { major: '1', minor: '32', gitVersion: 'v1.32.9' },
    resources,
    coverage: { gaps: [] },
    network: { podCidrs: [syntheticNetwork.podCidr], serviceCidrs: [syntheticNetwork.serviceCidr] },
  });
  return { text, objects };
}
