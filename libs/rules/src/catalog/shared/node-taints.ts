import type { K8sObject } from '../../snapshot/snapshot.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** Taints of `node` with a scheduling effect (NoSchedule/NoExecute) that no toleration tolerates. */
export function untoleratedTaints(node: K8sObject, tolerations: Toleration[]): Taint[] {
  const taints = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []).filter(
    (taint) => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute',
  );
  return taints.filter((taint) => !tolerations.some((toleration) => tolerates(toleration, taint)));
}

function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}
