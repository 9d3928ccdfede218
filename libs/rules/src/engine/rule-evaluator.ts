import type { ClusterSnapshot, K8sObject } from '../snapshot/snapshot.js';
import { snapshotKinds, type SnapshotKind } from '../snapshot/kinds.js';
import { redactEvidenceList } from './evidence-redaction.js';
import { availableEvidence, missingScopeReason, undeclaredNamespaceReason } from './evidence-scope.js';
import { exceptionExpired, type RuleException } from './exception.js';
import { FingerprintWriter } from './fingerprint.js';
import { globMatch } from './glob.js';
import type { AnyRule, RuleEvaluation, RuleFinding, RuleParams, UnassessedSubject } from './rule.js';
import { resolveRuleParams } from './rule-params.js';
import type { ExceptionUsage, Finding, FindingStatus, RuleResult, ScanReport } from './scan-report.js';
import { FailureTally, scoreResults } from './score.js';
import { ruleAreas, type RuleArea } from './vocabulary.js';

export interface EvaluateOptions {
  /** Param overrides per rule id; unknown rules or params are rejected. */
  params?: Record<string, RuleParams>;
  exceptions?: RuleException[];
}

/**
 * Runs rules over a snapshot: resolves params, reports rules whose evidence scope the snapshot lacks as
 * `not-assessable` (and withholds verdicts on references or namespaces the inputs do not hold), turns coverage gaps
 * into `error`, computes fingerprints, applies exceptions (never dropping findings), reports unused and expired
 * exceptions, and scores the result.
 */
export function evaluateRules(
  snapshot: ClusterSnapshot,
  rules: readonly AnyRule[],
  options: EvaluateOptions = {},
): ScanReport {
  const ruleIds = new Set(rules.map((rule) => rule.id));
  for (const id of Object.keys(options.params ?? {})) {
    if (!ruleIds.has(id)) throw new Error(`params given for unknown rule "${id}"`);
  }
  const resolvedParams = new Map(
    rules.map((rule) => [rule.id, resolveRuleParams(rule, options.params?.[rule.id])]),
  );
  const exceptions = options.exceptions ?? [];
  const active = exceptions.filter((exception) => !exceptionExpired(exception, snapshot.collectedAt));
  const expired = exceptions.filter((exception) => exceptionExpired(exception, snapshot.collectedAt));
  const used = new Set<string>();
  const labelsOf = labelLookup(snapshot);
  const evidence = availableEvidence(snapshot);
  const fingerprints = new FingerprintWriter();
  const tally = new FailureTally();

  const results: RuleResult[] = [];
  const findings: Finding[] = [];
  for (const rule of rules) {
    const base = {
      ruleId: rule.id,
      area: rule.area,
      severity: rule.severity,
      checked: 0,
      open: 0,
      excepted: 0,
      accepted: 0,
    };
    if (rule.manual) {
      results.push({
        ...base,
        status: 'manual',
        reason: 'cannot be decided from cluster state; review it by hand',
      });
      continue;
    }
    const missingScope = missingScopeReason(rule.evidenceScope, evidence);
    if (missingScope !== undefined) {
      results.push({ ...base, status: 'not-assessable', reason: missingScope });
      continue;
    }
    const gaps = snapshot.coverage.gaps.filter((gap) => rule.reads.includes(gap.kind));
    if (gaps.length > 0) {
      results.push({
        ...base,
        status: 'error',
        reason: `coverage gap: ${gaps.map((gap) => `${gap.kind} (${gap.reason}: ${gap.detail})`).join('; ')}`,
      });
      continue;
    }
    let evaluation: RuleEvaluation;
    try {
      const returned = rule.evaluate({ snapshot, params: resolvedParams.get(rule.id) ?? {} });
      evaluation = Array.isArray(returned)
        ? { findings: returned, checked: countObjects(snapshot, rule.reads) }
        : returned;
    } catch (error) {
      results.push({
        ...base,
        status: 'error',
        reason: `rule failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    if (evaluation.manual !== undefined && evaluation.findings.length === 0) {
      results.push({ ...base, status: 'manual', reason: evaluation.manual });
      continue;
    }
    if (evaluation.notAssessable !== undefined && evaluation.findings.length === 0) {
      results.push({ ...base, status: 'not-assessable', reason: evaluation.notAssessable });
      continue;
    }
    const result: RuleResult = { ...base, status: 'pass', checked: evaluation.checked };
    const unassessed: UnassessedSubject[] =
      !evidence.complete && evaluation.unresolved ? [...evaluation.unresolved] : [];
    const byNamespace = rule.evidenceScope === 'namespace-inventory' && evidence.namespaces !== 'all';
    for (const raw of evaluation.findings) {
      if (!evidence.complete) {
        const withheld =
          raw.unresolved ?? (byNamespace ? undeclaredNamespaceReason(raw.resource, evidence) : undefined);
        if (withheld !== undefined) {
          unassessed.push(
            raw.container !== undefined
              ? { resource: raw.resource, container: raw.container, reason: withheld }
              : { resource: raw.resource, reason: withheld },
          );
          continue;
        }
      }
      // One lookup of the resource's key per finding, for its fingerprint and for counting failing resources.
      const resourceKey = fingerprints.resourceKey(raw.resource);
      const finding = toFinding(rule, raw, fingerprints, resourceKey);
      if (active.length > 0) applyException(finding, { active, used, labelsOf });
      result[finding.status] += 1;
      tally.add(finding, resourceKey);
      findings.push(finding);
    }
    result.status =
      result.open > 0
        ? 'fail'
        : evaluation.checked === 0 && evaluation.findings.length === 0
          ? 'not-applicable'
          : 'pass';
    if (unassessed.length > 0) {
      if (result.status !== 'fail') {
        result.status = 'not-assessable';
        result.reason = unassessedReason(unassessed);
      }
      result.unassessed = unassessed;
    }
    results.push(result);
  }

  const usage = (exception: RuleException): ExceptionUsage => ({
    id: exception.id,
    owner: exception.owner,
    ...(exception.expires ? { expires: exception.expires } : {}),
  });
  const failures = tally.result();
  const byArea: ScanReport['byArea'] = {};
  for (const area of ruleAreas) {
    const areaResults = results.filter((result) => result.area === area);
    if (areaResults.length === 0) continue;
    const counts = { open: 0, excepted: 0, accepted: 0 };
    for (const result of areaResults) {
      counts.open += result.open;
      counts.excepted += result.excepted;
      counts.accepted += result.accepted;
    }
    byArea[area as RuleArea] = scoreResults(areaResults, { failing: failures.failing, counts });
  }
  return {
    collectedAt: snapshot.collectedAt,
    results,
    findings,
    exceptions: {
      unused: active.filter((exception) => !used.has(exception.id)).map(usage),
      expired: expired.map(usage),
    },
    score: scoreResults(results, failures),
    byArea,
  };
}

/** One line for a rule's withheld subjects: the distinct reasons, the first few of them. */
function unassessedReason(unassessed: UnassessedSubject[]): string {
  const reasons = [...new Set(unassessed.map((subject) => subject.reason))];
  const shown = reasons.slice(0, 3).join('; ');
  const more = reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : '';
  return `${unassessed.length} subject(s) cannot be judged from the inputs: ${shown}${more}`;
}

interface ExceptionContext {
  active: RuleException[];
  used: Set<string>;
  labelsOf: (finding: Finding) => Record<string, string>;
}

function applyException(finding: Finding, { active, used, labelsOf }: ExceptionContext): void {
  const exception = active.find((candidate) => exceptionCovers(candidate, finding, labelsOf));
  if (!exception) return;
  used.add(exception.id);
  finding.status = exception.mode === 'accept' ? 'accepted' : 'excepted';
  finding.exception = {
    id: exception.id,
    owner: exception.owner,
    justification: exception.justification,
    ...(exception.expires ? { expires: exception.expires } : {}),
  };
}

function toFinding(
  rule: AnyRule,
  raw: RuleFinding,
  fingerprints: FingerprintWriter,
  resourceKey: string,
): Finding {
  const evidence = redactEvidenceList(raw.evidence);
  const status: FindingStatus = 'open';
  const { resource, message, container, exposure } = raw;
  const fingerprint = fingerprints.fingerprintAt(rule.id, resourceKey, container, evidence);
  const { id: ruleId, area, severity } = rule;
  // One literal per optional-field combination: each finding is born with its final shape and keys in report order.
  if (container !== undefined)
    return exposure
      ? { ruleId, area, severity, status, resource, message, evidence, fingerprint, container, exposure }
      : { ruleId, area, severity, status, resource, message, evidence, fingerprint, container };
  return exposure
    ? { ruleId, area, severity, status, resource, message, evidence, fingerprint, exposure }
    : { ruleId, area, severity, status, resource, message, evidence, fingerprint };
}

function exceptionCovers(
  exception: RuleException,
  finding: Finding,
  labelsOf: (finding: Finding) => Record<string, string>,
): boolean {
  if (!exception.rules.some((pattern) => globMatch(pattern, finding.ruleId))) return false;
  if (exception.fingerprint && exception.fingerprint !== finding.fingerprint) return false;
  if (exception.kinds && !exception.kinds.includes(finding.resource.kind)) return false;
  if (
    exception.namespaces &&
    !exception.namespaces.some((pattern) => globMatch(pattern, finding.resource.namespace ?? ''))
  )
    return false;
  if (exception.names && !exception.names.some((pattern) => globMatch(pattern, finding.resource.name)))
    return false;
  if (
    exception.containers &&
    !(
      finding.container && exception.containers.some((pattern) => globMatch(pattern, finding.container ?? ''))
    )
  )
    return false;
  if (exception.labels) {
    const labels = labelsOf(finding);
    if (
      !Object.entries(exception.labels).every(
        ([key, value]) => labels[key] !== undefined && globMatch(value, labels[key]),
      )
    )
      return false;
  }
  return true;
}

function countObjects(snapshot: ClusterSnapshot, kinds: SnapshotKind[]): number {
  return kinds.reduce((sum, kind) => sum + (snapshot.resources[kind]?.length ?? 0), 0);
}

/** Labels of a finding's resource, indexed lazily on first use. */
function labelLookup(snapshot: ClusterSnapshot): (finding: Finding) => Record<string, string> {
  let index: Map<string, Record<string, string>> | undefined;
  return (finding) => {
    if (!index) {
      index = new Map();
      for (const [kind, objects] of Object.entries(snapshot.resources) as [SnapshotKind, K8sObject[]][]) {
        const kindName = snapshotKinds[kind].kind;
        for (const object of objects)
          index.set(
            `${kindName}/${object.metadata.namespace ?? ''}/${object.metadata.name}`,
            object.metadata.labels ?? {},
          );
      }
    }
    return (
      index.get(`${finding.resource.kind}/${finding.resource.namespace ?? ''}/${finding.resource.name}`) ?? {}
    );
  };
}
