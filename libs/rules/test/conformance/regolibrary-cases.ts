import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../src/catalog/catalog.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { evaluateRules } from '../../src/engine/rule-evaluator.js';
import type { Finding } from '../../src/engine/scan-report.js';
import { snapshotFromManifests } from '../../src/testing/manifest-snapshot.js';
import { corporaDir } from './corpus-cases.js';

interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

interface RegolibraryCase {
  id: string;
  check: { id: string; controls: { id: string; name: string }[] };
  files: string[];
  config: unknown;
  manifest_only: boolean;
  expect: {
    result: 'fail' | 'pass';
    failed_resources: ObjectRef[];
    failed_external_objects: (ObjectRef & { relatedObjects?: ObjectRef[] })[];
  };
}

/** One (case, control) comparison: Kubescape's verdict for the control against the rules mapped to it. */
export interface RegolibraryOutcome {
  id: string;
  control: string;
  rules: string[];
  expected: 'fail' | 'pass';
  actual: 'fail' | 'pass';
  agree: boolean;
}

export interface RegolibraryConformance {
  outcomes: RegolibraryOutcome[];
  /** Cases of mapped controls that need more than manifests (host sensor, cloud API, Kubescape config inputs). */
  notComparable: number;
  agreement: number;
}

/** Kubescape control ids mapped through `equivalents.kubescape`, with their rules. */
export function kubescapeMappings(): Map<string, AnyRule[]> {
  const byControl = new Map<string, AnyRule[]>();
  for (const rule of catalog)
    for (const control of rule.equivalents?.kubescape ?? [])
      byControl.set(control, [...(byControl.get(control) ?? []), rule]);
  return byControl;
}

function sameObject(finding: Finding, object: ObjectRef): boolean {
  return (
    finding.resource.kind === object.kind &&
    finding.resource.name === object.name &&
    (object.namespace === undefined || (finding.resource.namespace ?? '') === object.namespace)
  );
}

/**
 * A fail verdict agrees when every object Kubescape failed is flagged; an RBAC verdict on a subject (an "external
 * object") agrees when the subject's binding or role is flagged. A pass verdict agrees when nothing is flagged.
 */
function flaggedAsExpected(entry: RegolibraryCase, open: Finding[]): boolean {
  const resourcesFlagged = entry.expect.failed_resources.every((object) =>
    open.some((finding) => sameObject(finding, object)),
  );
  // An external object is a subject (User, Group) or a workload Kubescape judged through related objects (its
  // Service): a finding on it or on any of its related objects counts.
  const subjectsFlagged = entry.expect.failed_external_objects.every((subject) =>
    subject.relatedObjects && subject.relatedObjects.length > 0
      ? open.some(
          (finding) =>
            sameObject(finding, subject) ||
            (subject.relatedObjects ?? []).some((object) => sameObject(finding, object)),
        )
      : open.length > 0,
  );
  return open.length > 0 && resourcesFlagged && subjectsFlagged;
}

/** Runs the rules mapped to each case's Kubescape controls over the case's input files. */
export function runRegolibraryConformance(): RegolibraryConformance {
  const dir = join(corporaDir, 'regolibrary');
  const cases = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as RegolibraryCase[];
  const mappings = kubescapeMappings();
  const outcomes: RegolibraryOutcome[] = [];
  let notComparable = 0;
  for (const entry of cases) {
    const controls = entry.check.controls.filter((control) => mappings.has(control.id));
    if (controls.length === 0) continue;
    if (!entry.manifest_only || entry.config !== null) {
      notComparable += 1;
      continue;
    }
    const texts = entry.files.map((file) => readFileSync(join(dir, file), 'utf8'));
    const loaded = snapshotFromManifests(texts, {
      collectedAt: '2026-01-01T00:00:00Z',
      location: entry.id,
    }).snapshot;
    // Kubescape judges a case's inputs as the whole cluster, as the other corpora are run.
    const snapshot = { ...loaded, source: { ...loaded.source, complete: true } };
    for (const control of controls) {
      const rules = mappings.get(control.id) ?? [];
      const open = evaluateRules(snapshot, rules).findings.filter((finding) => finding.status === 'open');
      const agree = entry.expect.result === 'fail' ? flaggedAsExpected(entry, open) : open.length === 0;
      outcomes.push({
        id: entry.id,
        control: control.id,
        rules: rules.map((rule) => rule.id),
        expected: entry.expect.result,
        actual: open.length > 0 ? 'fail' : 'pass',
        agree,
      });
    }
  }
  const agreed = outcomes.filter((outcome) => outcome.agree).length;
  return { outcomes, notComparable, agreement: outcomes.length === 0 ? 1 : agreed / outcomes.length };
}
