import { IpSet, wholeSpace } from './ip-range.js';
import { isEmptySelector, matchesLabelSelector, selectorKey, selectorKeys, type LabelSelector, type Labels } from './label-selector.js';
import type { NamespaceFacts, PeerMatcher, PodMatcher } from './policy-model.js';

/** Every IPv4 and IPv6 address. */
export const everyAddress = IpSet.of([wholeSpace(4), wholeSpace(6)]);

const allPodsTest = { key: '<all>', test: () => true, keys: [] as string[] };

/** A pod-label predicate from a Kubernetes label selector. */
export function podLabelTest(selector: LabelSelector): PodMatcher['pods'] {
  if (isEmptySelector(selector)) return allPodsTest;
  return { key: `ls:${selectorKey(selector)}`, test: (labels: Labels) => matchesLabelSelector(selector, labels), keys: selectorKeys(selector) };
}

const allNamespacesTest = { key: '<all>', test: () => true };

/** A namespace predicate from a Kubernetes label selector over namespace labels. */
export function namespaceLabelTest(selector: LabelSelector): NonNullable<PodMatcher['namespaces']> {
  if (isEmptySelector(selector)) return allNamespacesTest;
  return { key: `ls:${selectorKey(selector)}`, test: (ns: NamespaceFacts) => matchesLabelSelector(selector, ns.labels) };
}

/** Pods matching `pods` in one namespace. */
export function podsInNamespace(namespace: string, pods: PodMatcher['pods']): PodMatcher {
  return { key: `ns=${namespace}|${pods.key}`, namespace, pods };
}

/** Pods matching `pods` in namespaces matching `namespaces`. */
export function podsInNamespaces(namespaces: NonNullable<PodMatcher['namespaces']>, pods: PodMatcher['pods']): PodMatcher {
  return { key: `nss=${namespaces.key}|${pods.key}`, namespaces, pods };
}

/** Selects no pod: the subject of a policy that cannot take effect. */
export const noPods: PodMatcher = { key: '<none>', namespace: '\u0000', pods: { key: '<none>', test: () => false, keys: [] } };

/** Every pod in the cluster. */
export const everyPod: PodMatcher = podsInNamespaces({ key: '<all>', test: () => true }, allPodsTest);

/** The peer of a rule with no `from`/`to`: every pod (host-network pods included) and every address. */
export const everyone: PeerMatcher = {
  pods: { ...everyPod, key: '<everyone>' },
  ips: everyAddress,
  text: 'any source or destination (no peers listed)',
};

/** Readable text of a selector for explanations. */
export function selectorText(selector: LabelSelector | undefined): string {
  return selector ? selectorKey(selector) : '<all>';
}
