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
  // Highest weight per rule and resource (kind → namespace → name): nested maps, so no key string per finding.
  const perResource = new Map<string, Map<string, Map<string, Map<string, number>>>>();
  const counts = { open: 0, excepted: 0, accepted: 0 };
  for (const finding of findings) {
    counts[finding.status] += 1;
    if (finding.status !== 'open') continue;
    const { kind, namespace, name } = finding.resource;
    const byName = nested(nested(nested(perResource, finding.ruleId), kind), namespace ?? '');
    const weight = exposureWeights[finding.exposure ?? 'cluster'];
    const previous = byName.get(name);
    if (previous === undefined || weight > previous) byName.set(name, weight);
  }
  const failing = new Map<string, number>();
  for (const [ruleId, byKind] of perResource) {
    let sum = 0;
    for (const byNamespace of byKind.values())
      for (const byName of byNamespace.values()) for (const weight of byName.values()) sum += weight;
    failing.set(ruleId, sum);
  }
  return { failing, counts };
}

function nested<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}
