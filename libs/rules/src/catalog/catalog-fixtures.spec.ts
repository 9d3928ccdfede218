import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { AnyRule } from '../engine/rule.js';
import { evaluateRules } from '../engine/rule-evaluator.js';
import { ruleFinding } from '../engine/rule-finding.js';
import { resolveRuleParams } from '../engine/rule-params.js';
import { evidenceScopes, type EvidenceScope } from '../engine/vocabulary.js';
import { loadRuleFixture } from '../testing/fixture-file.js';
import { catalog } from './catalog.js';

const catalogDir = dirname(fileURLToPath(import.meta.url));

function ruleDirectories(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      if (readdirSync(path).includes(`${name}.rule.ts`)) found.set(name, path);
      else walk(path);
    }
  };
  walk(catalogDir);
  return found;
}

const directories = ruleDirectories();
const findingKeys = Object.keys(ruleFinding({ apiVersion: 'v1', kind: 'Pod', name: 'p' }, 'm', []));

describe('rule catalog', () => {
  it('lists every rule file (run scripts/generate-catalog.mjs after adding one)', () => {
    expect([...directories.keys()].sort()).toEqual(catalog.map((rule) => rule.id).sort());
  });

  it('hands the shared site evaluators module-level checks, not closures made per scan (see README)', () => {
    const checkArgument: Record<string, number> = {
      evaluateContainers: 1,
      evaluatePodSpecs: 1,
      evaluateObjects: 2,
    };
    const inline: string[] = [];
    for (const [id, dir] of directories) {
      const path = join(dir, `${id}.rule.ts`);
      const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
          const check = node.arguments[checkArgument[node.expression.text] ?? -1];
          if (check && (ts.isArrowFunction(check) || ts.isFunctionExpression(check))) {
            const { line } = source.getLineAndCharacterOfPosition(check.getStart());
            inline.push(`${id}.rule.ts:${line + 1} (${node.expression.text})`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(inline).toEqual([]);
  });

  it('has unique kebab-case ids, each in a folder named after it', () => {
    const ids = catalog.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('declares the evidence scope of every rule (what a manifest scan must hold to judge it)', () => {
    const missing = catalog.filter((rule) => !evidenceScopes.includes(rule.evidenceScope));
    expect(missing.map((rule) => rule.id)).toEqual([]);
  });

  it('gives every rule a rationale and remediation', () => {
    for (const rule of catalog) {
      expect(rule.rationale.length, rule.id).toBeGreaterThan(40);
      expect(rule.remediation.text.length, rule.id).toBeGreaterThan(10);
      expect(rule.remediation.example?.length ?? 0, `${rule.id} needs a remediation example`).toBeGreaterThan(
        10,
      );
    }
  });
});

describe.each(catalog.map((rule) => [rule.id, rule] as const))('rule %s', (id, rule) => {
  const dir = join(directories.get(id) ?? '', 'fixtures');
  const files = statSync(dir, { throwIfNoEntry: false })?.isDirectory()
    ? readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))
    : [];

  it('has pass and fail fixtures', () => {
    expect(
      files.some((name) => name.startsWith('pass')),
      `${dir} needs a pass.*.yaml`,
    ).toBe(true);
    expect(
      files.some((name) => name.startsWith('fail')),
      `${dir} needs a fail.*.yaml`,
    ).toBe(true);
  });

  it.each(files)('%s', (name) => {
    const fixture = loadRuleFixture(join(dir, name));
    const options = fixture.params ? { params: { [id]: fixture.params } } : {};
    // A fixture is a cluster's state: judged live, every scope is there.
    const live = { ...fixture.snapshot, source: { type: 'cluster' as const, location: fixture.file } };
    const report = evaluateRules(live, [rule], options);
    const result = report.results[0];
    const detail = JSON.stringify(
      { result, findings: report.findings.map((finding) => finding.message) },
      null,
      1,
    );
    expect(result?.status, detail).toBe(fixture.expect);
    // One report never holds two findings with one fingerprint: the store keys findings by it.
    const fingerprints = report.findings.map((finding) => finding.fingerprint);
    const repeated = report.findings.filter(
      (finding, index) => fingerprints.indexOf(finding.fingerprint) !== index,
    );
    expect(
      repeated.map((finding) => finding.message),
      'findings sharing a fingerprint',
    ).toEqual([]);
    for (const finding of report.findings) {
      expect(finding.message.length).toBeGreaterThan(5);
      expect(finding.evidence.length).toBeGreaterThan(0);
      expect(finding.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    }
    if (fixture.expect === 'fail') expect(report.findings.length).toBeGreaterThan(0);
    // Every finding comes from `ruleFinding` (or the helpers over it): one shape for the whole catalog (README).
    const generic: AnyRule = rule;
    const returned = generic.evaluate({ snapshot: live, params: resolveRuleParams(rule, fixture.params) });
    for (const raw of Array.isArray(returned) ? returned : returned.findings)
      expect(Object.keys(raw), `${raw.message}: built outside ruleFinding`).toEqual(findingKeys);
    expect(readFileSync(join(dir, name), 'utf8').length).toBeGreaterThan(0);

    // Inputs declared complete are judged like the cluster.
    const complete = { ...fixture.snapshot, source: { ...fixture.snapshot.source, complete: true } };
    expect(evaluateRules(complete, [rule], options).results[0]?.status).toBe(fixture.expect);

    // The same objects as an application repository: only what its scope allows is judged.
    const manifest = evaluateRules(fixture.snapshot, [rule], options).results[0];
    const declaresNamespaces = (fixture.snapshot.resources.namespaces ?? []).length > 0;
    const expected: Record<EvidenceScope, string[]> = {
      object: [fixture.expect],
      related: [fixture.expect, 'not-assessable'],
      'namespace-inventory': declaresNamespaces ? [fixture.expect, 'not-assessable'] : ['not-assessable'],
      'cluster-inventory': ['not-assessable'],
      'cluster-config': ['not-assessable'],
    };
    expect(expected[rule.evidenceScope], JSON.stringify(manifest)).toContain(manifest?.status);
    if (manifest?.status === 'not-assessable') expect(manifest.reason?.length).toBeGreaterThan(20);
  });
});
