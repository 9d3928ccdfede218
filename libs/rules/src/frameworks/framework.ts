import type { RuleId } from '../catalog/catalog.js';

/** One control of a framework and the catalog rules that evidence it; none means it is checked by hand. */
export interface FrameworkControl {
  id: string;
  title: string;
  rules: readonly RuleId[];
  /** Why no rule can decide the control from cluster state, when `rules` is empty or partial. */
  manual?: string;
  /** Why each rule evidences the control: one reviewable line per mapped rule (our judgement, not the standard's). */
  reasons?: Partial<Record<RuleId, string>>;
}

/** A compliance framework as typed, versioned data. */
export interface Framework {
  id: string;
  title: string;
  version: string;
  url: string;
  controls: readonly FrameworkControl[];
}

/** Declares a framework; rule ids are checked against the catalog at compile time. */
export function defineFramework<const F extends Framework>(framework: F): F {
  return framework;
}
