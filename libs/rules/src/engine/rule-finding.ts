import type { Evidence, Exposure, RuleFinding } from './rule.js';
import type { ResourceRef } from './vocabulary.js';

/**
 * A rule's finding, built with every field present (`undefined` when unset) and in one key order: findings of every
 * rule then share one hidden class, so the engine code that reads them all (drivers, fingerprints, `toFinding`) stays
 * monomorphic instead of being re-optimised for each rule's own object literal. Rules build findings only through this.
 */
export function ruleFinding(
  resource: ResourceRef,
  message: string,
  evidence: Evidence[],
  container?: string,
  exposure?: Exposure,
  unresolved?: string,
): RuleFinding {
  return { resource, container, message, evidence, exposure, unresolved };
}

/** `finding` with some of its optional fields set, in place: the same object, so its shape stays `ruleFinding`'s. */
export function amendedFinding(
  finding: RuleFinding,
  fields: Pick<RuleFinding, 'container' | 'exposure' | 'unresolved'>,
): RuleFinding {
  if (fields.container !== undefined) finding.container = fields.container;
  if (fields.exposure !== undefined) finding.exposure = fields.exposure;
  if (fields.unresolved !== undefined) finding.unresolved = fields.unresolved;
  return finding;
}
