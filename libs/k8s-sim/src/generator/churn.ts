import type { K8sObject } from '../api/k8s-object.js';
import { Rng } from './generator-random.js';

/** How a simulated cluster changes over time: deterministic from the seed, one step per generation. */
export interface ChurnOptions {
  /** Seed of the changes (default 7); the same seed and generation always give the same objects. */
  seed?: number;
  /** Changes per generation (default 3). */
  changesPerGeneration?: number;
  /** Advance one generation every this many ms while the simulator runs (default: only on `advanceGeneration()`). */
  intervalMs?: number;
}

/** One change a generation made, for logs and tests: what was broken, fixed or changed. */
export interface ChurnChange {
  kind: 'privileged-on' | 'privileged-off' | 'policy-removed' | 'policy-restored' | 'image-retagged';
  object: string;
}

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The cluster's objects at `generation` (0 = unchanged): each generation toggles a few things relative to the one
 * before, so findings appear (a container turns privileged, a NetworkPolicy disappears) and get resolved later (the
 * same toggle again). Pure: a function of the objects, the seed and the generation.
 */
export function churnedObjects(base: readonly K8sObject[], generation: number, options: ChurnOptions = {}): { objects: K8sObject[]; changes: ChurnChange[] } {
  const seed = options.seed ?? 7;
  const perGeneration = options.changesPerGeneration ?? 3;
  const workloads = base.filter((o) => workloadKinds.has(o.kind) && !isSystem(o)).map(keyOf);
  const policies = base.filter((o) => o.kind === 'NetworkPolicy' && !isSystem(o)).map(keyOf);
  const privileged = new Set<string>();
  const removedPolicies = new Set<string>();
  const tags = new Map<string, number>();
  let changes: ChurnChange[] = [];
  for (let g = 1; g <= generation; g++) {
    const rng = new Rng(seed * 100_003 + g);
    changes = [];
    for (let i = 0; i < perGeneration; i++) {
      const roll = rng.int(0, 2);
      if (roll === 0 && workloads.length > 0) {
        const key = rng.pick(workloads);
        const on = !privileged.delete(key);
        if (on) privileged.add(key);
        changes.push({ kind: on ? 'privileged-on' : 'privileged-off', object: key });
      } else if (roll === 1 && policies.length > 0) {
        const key = rng.pick(policies);
        const removed = !removedPolicies.delete(key);
        if (removed) removedPolicies.add(key);
        changes.push({ kind: removed ? 'policy-removed' : 'policy-restored', object: key });
      } else if (workloads.length > 0) {
        const key = rng.pick(workloads);
        tags.set(key, (tags.get(key) ?? 0) + 1);
        changes.push({ kind: 'image-retagged', object: key });
      }
    }
  }
  const objects = base
    .filter((o) => !(o.kind === 'NetworkPolicy' && removedPolicies.has(keyOf(o))))
    .map((o) => {
      const key = keyOf(o);
      if (!privileged.has(key) && !tags.has(key)) return o;
      return mutateTemplate(o, privileged.has(key), tags.get(key) ?? 0);
    });
  return { objects, changes };
}

function mutateTemplate(object: K8sObject, privileged: boolean, retags: number): K8sObject {
  const copy = structuredClone(object) as K8sObject & { spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } } };
  const container = copy.spec?.template?.spec?.containers?.[0];
  if (!container) return object;
  if (privileged) container['securityContext'] = { ...(container['securityContext'] as object | undefined), privileged: true, allowPrivilegeEscalation: true };
  if (retags > 0 && typeof container['image'] === 'string') {
    const image = container['image'];
    const at = image.lastIndexOf(':');
    const name = at > image.lastIndexOf('/') ? image.slice(0, at) : image;
    // Every other retag uses `latest`, a finding of its own; the others pin a new version.
    container['image'] = retags % 2 === 1 ? `${name}:latest` : `${name}:1.${retags}.0`;
  }
  return copy;
}

function keyOf(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function isSystem(o: K8sObject): boolean {
  const ns = o.metadata.namespace ?? '';
  return ns.startsWith('kube-') || ns === 'meshguard-system';
}
