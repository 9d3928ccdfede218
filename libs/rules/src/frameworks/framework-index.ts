import type { RuleId } from '../catalog/catalog.js';
import { cisKubernetesV110 } from './cis-k8s-v1.10.js';
import type { Framework } from './framework.js';
import { meshguardNetwork } from './meshguard-network.js';
import { mitreContainers } from './mitre-containers.js';
import { nsaCisaV12 } from './nsa-cisa-v1.2.js';
import { podSecurityBaseline, podSecurityRestricted } from './pss.js';
import { soc2 } from './soc2.js';
import { cisAks, cisEks, cisGke } from './cis-managed-profiles.js';
import { hipaaSecurityRule } from './hipaa-security-rule.js';
import { iso27001Annex2022 } from './iso-27001-2022.js';
import { nist80053Rev5 } from './nist-800-53-r5.js';
import { pciDss40 } from './pci-dss-4.0.js';

/** Every framework meshguard maps to. */
export const frameworks: readonly Framework[] = [
  cisKubernetesV110,
  nsaCisaV12,
  mitreContainers,
  podSecurityBaseline,
  podSecurityRestricted,
  soc2,
  iso27001Annex2022,
  pciDss40,
  nist80053Rev5,
  hipaaSecurityRule,
  cisEks,
  cisAks,
  cisGke,
  meshguardNetwork,
];

/** A framework control a rule evidences, as reported next to each rule. */
export interface ControlRef {
  framework: string;
  control: string;
}

let reverse: Map<string, ControlRef[]> | undefined;

/** The controls each rule evidences, computed from the frameworks (never written by hand). */
export function controlsOfRule(ruleId: RuleId | string): ControlRef[] {
  if (!reverse) {
    reverse = new Map();
    for (const framework of frameworks) {
      for (const control of framework.controls) {
        for (const rule of control.rules) {
          const list = reverse.get(rule) ?? [];
          if (!list.some((entry) => entry.framework === framework.id && entry.control === control.id))
            list.push({ framework: framework.id, control: control.id });
          reverse.set(rule, list);
        }
      }
    }
  }
  return reverse.get(ruleId) ?? [];
}

/** A framework by id, or undefined. */
export function frameworkById(id: string): Framework | undefined {
  return frameworks.find((framework) => framework.id === id);
}

/** Rule ids a framework covers (union over its controls). */
export function rulesOfFramework(framework: Framework): Set<string> {
  return new Set(framework.controls.flatMap((control) => control.rules));
}
