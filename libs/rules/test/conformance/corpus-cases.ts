import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog } from '../../src/catalog/catalog.js';
import type { AnyRule, EquivalentTool } from '../../src/engine/rule.js';
import { evaluateRules } from '../../src/engine/rule-evaluator.js';
import { snapshotKinds } from '../../src/snapshot/kinds.js';
import { snapshotFromManifests } from '../../src/testing/manifest-snapshot.js';

/** Kinds meshguard reads; other tools' reports on other kinds (DeploymentConfig, ServiceMonitor…) are not comparable. */
const readKinds = new Set<string>(Object.values(snapshotKinds).map((info) => info.kind));

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The shared corpora live beside the checkout (CI lays shared/ next to it). */
export const corporaDir = resolve(repoRoot, '..', 'shared', 'corpora');
export const corporaPresent = existsSync(join(corporaDir, 'README.md'));

export type CorpusTool = 'polaris' | 'kube-score' | 'kube-linter';

interface CorpusCase {
  id: string;
  check: { id: string };
  files: string[];
  expect: {
    result?: string;
    report_count?: number;
    report_count_op?: 'eq' | 'ge';
    skipped?: boolean;
    reports?: { kind?: string; message?: string }[];
  };
  config?: string[];
  run_config?: { optional?: unknown } | null;
}

export interface CaseOutcome {
  id: string;
  check: string;
  rules: string[];
  expected: string;
  actual: string;
  agree: boolean;
}

export interface ToolConformance {
  tool: CorpusTool;
  cases: CaseOutcome[];
  skipped: number;
  agreement: number;
}

/** Rules whose `equivalents` name the tool's check id. */
export function rulesForCheck(tool: EquivalentTool, checkId: string): AnyRule[] {
  return catalog.filter((rule) => (rule.equivalents?.[tool] ?? []).includes(checkId));
}

/** Runs the catalog over one tool's corpus through the equivalents mapping and compares verdicts. */
export function runConformance(tool: CorpusTool): ToolConformance {
  const dir = join(corporaDir, tool);
  const cases = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as CorpusCase[];
  const outcomes: CaseOutcome[] = [];
  let skipped = 0;
  for (const entry of cases) {
    const rules = rulesForCheck(tool, entry.check.id);
    if (rules.length === 0) {
      skipped += 1;
      continue;
    }
    if (
      tool === 'kube-score' &&
      (entry.expect.result === undefined ||
        entry.expect.result === 'skipped' ||
        entry.expect.skipped !== undefined)
    ) {
      skipped += 1;
      continue;
    }
    const texts = entry.files.map((file) => readFileSync(join(dir, file), 'utf8'));
    const { snapshot } = snapshotFromManifests(texts, {
      collectedAt: '2026-01-01T00:00:00Z',
      location: entry.id,
    });
    // Each case is the whole world to the other tool (kube-score's service-targets-pod looks only at its inputs), so
    // meshguard judges it as complete inputs too.
    const report = evaluateRules({ ...snapshot, source: { ...snapshot.source, complete: true } }, rules);
    const open = report.findings.filter((finding) => finding.status === 'open');
    if (tool === 'kube-linter') {
      // A report whose kind the corpus could not record still names it in its message (`DeploymentConfig: …`).
      const unreadKinds = (entry.expect.reports ?? []).filter((report) => {
        const kind = report.kind ?? /^([A-Z][A-Za-z]+): /.exec(report.message ?? '')?.[1];
        return kind !== undefined && !readKinds.has(kind);
      }).length;
      const expectedCount =
        entry.expect.report_count === undefined ? undefined : entry.expect.report_count - unreadKinds;
      const op = entry.expect.report_count_op ?? 'eq';
      // kube-linter reports once per object and container, whatever the number of problems found there.
      const reported = new Set(
        open.map(
          (finding) =>
            `${finding.resource.kind}/${finding.resource.namespace ?? ''}/${finding.resource.name}/${finding.container ?? ''}`,
        ),
      ).size;
      const agree =
        expectedCount === undefined
          ? reported > 0
          : op === 'eq'
            ? reported === expectedCount
            : reported >= expectedCount;
      outcomes.push({
        id: entry.id,
        check: entry.check.id,
        rules: rules.map((rule) => rule.id),
        expected: `${op === 'ge' ? '>=' : ''}${expectedCount ?? '>0'} reports`,
        actual: `${reported} objects/containers`,
        agree,
      });
      continue;
    }
    const expected = entry.expect.result === 'warn' ? 'fail' : (entry.expect.result ?? 'pass');
    const actual = open.length > 0 ? 'fail' : 'pass';
    outcomes.push({
      id: entry.id,
      check: entry.check.id,
      rules: rules.map((rule) => rule.id),
      expected,
      actual,
      agree: expected === actual,
    });
  }
  const agreed = outcomes.filter((outcome) => outcome.agree).length;
  return { tool, cases: outcomes, skipped, agreement: outcomes.length === 0 ? 1 : agreed / outcomes.length };
}
