import type { Exposure } from './rule.js';
import type { Finding, RuleResult, ScanScore } from './scan-report.js';
import type { Severity } from './vocabulary.js';

/** How much a rule weighs in the score, by severity (see docs/scoring.md). */
export const severityWeights: Record<Severity, number> = {
  critical: 10,
  high: 6,
  medium: 3,
  low: 1,
  info: 0.5,
};
/** How much one failing subject weighs, by how reachable it is; unknown exposure weighs like `cluster`. */
export const exposureWeights: Record<Exposure, number> = { internet: 2, cluster: 1, isolated: 0.5 };

/**
 * Score = 100 × Σ w(r)·(1 − penalty(r)) / Σ w(r) over rules whose result is `pass` or `fail`;
 * penalty(r) = min(1, Σ over distinct failing resources of exposure weight / subjects checked).
 * `not-applicable`, `not-assessable`, `manual` and `error` results are excluded and counted; excepted and accepted findings do not
 * penalise but are counted.
 */
export function scoreResults(results: RuleResult[], findings: Finding[] | RuleFailures): ScanScore {
  const { failing, counts: findingCounts } = Array.isArray(findings) ? ruleFailures(findings) : findings;
  let earned = 0;
  let possible = 0;
  const counted = { pass: 0, fail: 0 };
  const excluded = { notApplicable: 0, notAssessable: 0, manual: 0, error: 0 };
  for (const result of results) {
    if (result.status === 'not-applicable') excluded.notApplicable += 1;
    else if (result.status === 'not-assessable') excluded.notAssessable += 1;
    else if (result.status === 'manual') excluded.manual += 1;
    else if (result.status === 'error') excluded.error += 1;
    else {
      counted[result.status] += 1;
      const weight = severityWeights[result.severity];
      const penalty =
        result.status === 'fail'
          ? Math.min(1, (failing.get(result.ruleId) ?? 0) / Math.max(result.checked, 1))
          : 0;
      earned += weight * (1 - penalty);
      possible += weight;
    }
  }
  const score = possible === 0 ? null : Math.round((1000 * earned) / possible) / 10;
  return { score, counted, excluded, findings: findingCounts };
}

/** Per rule, the exposure-weighted count of distinct failing resources; plus finding counts by status. */
export interface RuleFailures {
  failing: Map<string, number>;
  counts: { open: number; excepted: number; accepted: number };
}

/** One pass over the findings that scoring needs (reuse it when scoring several subsets of rules). */
export function ruleFailures(findings: Finding[]): RuleFailures {
  const tally = new FailureTally();
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i]!;
    const { kind, namespace, name } = finding.resource;
    tally.add(finding, `${kind}\u0000${namespace ?? ''}\u0000${name}`);
  }
  return tally.result();
}

/**
 * `RuleFailures` built one finding at a time, as `evaluateRules` reports them. `resourceKey` names the finding's
 * resource: equal keys for equal (kind, namespace, name), so a resource with several findings of a rule counts once.
 */
export class FailureTally {
  /** Per rule, the highest exposure weight of each failing resource. */
  private readonly weights = new Map<string, Map<string, number>>();
  private readonly counts = { open: 0, excepted: 0, accepted: 0 };

  add(finding: Finding, resourceKey: string): void {
    this.counts[finding.status] += 1;
    if (finding.status !== 'open') return;
    let byResource = this.weights.get(finding.ruleId);
    if (byResource === undefined) this.weights.set(finding.ruleId, (byResource = new Map()));
    const weight = exposureWeights[finding.exposure ?? 'cluster'];
    const previous = byResource.get(resourceKey);
    if (previous === undefined || weight > previous) byResource.set(resourceKey, weight);
  }

  result(): RuleFailures {
    const failing = new Map<string, number>();
    for (const [ruleId, byResource] of this.weights) {
      let sum = 0;
      for (const weight of byResource.values()) sum += weight;
      failing.set(ruleId, sum);
    }
    return { failing, counts: { ...this.counts } };
  }
}
