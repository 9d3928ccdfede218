import type { K8sObject } from '../api/k8s-object.js';
import { clusterObjects } from './cluster-objects.js';
import { planCluster } from './cluster-plan.js';
import { optionalKindObjects, type OptionalKindFamily } from './optional-kinds-builder.js';
import { Placement } from './placement.js';
import type { PresetName } from './presets.js';
import { systemObjects } from './system-objects.js';
import { teamNamespaceObjects } from './team-namespace-builder.js';

export { syntheticNetwork } from './placement.js';

export interface GenerateOptions {
  seed?: number;
  /** CRD / optional API families to add (served only when present): Gateway API, Cilium, Calico, ANP/BANP, PSP. */
  extras?: OptionalKindFamily[];
}

/**
 * Generates a synthetic cluster object by object (a stream: preset L never needs all objects in memory at once).
 * Deterministic for a preset and seed; sizes follow `presetSizes` exactly and misconfigurations `syntheticRates`.
 */
export function* generateCluster(preset: PresetName, options: GenerateOptions = {}): Generator<K8sObject> {
  const plan = planCluster(preset, options.seed ?? 42);
  const nodeNames = Array.from({ length: plan.nodes }, (_, i) =>
    i === 0 ? 'control-plane-0' : `worker-${String(i).padStart(3, '0')}`,
  );
  const placement = new Placement(nodeNames);
  yield* clusterObjects(plan, placement, nodeNames);
  yield* systemObjects(plan, placement);
  for (const [i, ns] of plan.namespaces.entries()) yield* teamNamespaceObjects(plan, ns, i, placement);
  if (options.extras && options.extras.length > 0) yield* optionalKindObjects(plan, options.extras);
}
