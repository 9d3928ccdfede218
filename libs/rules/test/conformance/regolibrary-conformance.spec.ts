import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corporaPresent } from './corpus-cases.js';
import { kubescapeMappings, runRegolibraryConformance } from './regolibrary-cases.js';

const docs = readFileSync(
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/conformance.md'),
  'utf8',
);
/** Agreement on the cases of mapped Kubescape controls at the time of writing; a drop means a rule regressed. */
const floor = 0.95;

describe.runIf(corporaPresent)('conformance with Kubescape (../shared/corpora/regolibrary)', () => {
  it('agrees on the cases of mapped controls, every disagreement documented', () => {
    const result = runRegolibraryConformance();
    const disagreements = result.outcomes.filter((entry) => !entry.agree);
    console.info(
      `regolibrary: ${result.outcomes.length - disagreements.length}/${result.outcomes.length} case×control verdicts agree (${(result.agreement * 100).toFixed(1)}%) over ${kubescapeMappings().size} mapped controls, ${result.notComparable} cases need host or cloud data`,
    );
    expect(result.outcomes.length).toBeGreaterThan(150);
    expect(result.agreement).toBeGreaterThanOrEqual(floor);
    const undocumented = disagreements
      .filter((entry) => !docs.includes(`| ${entry.id} (${entry.control}) |`))
      .map(
        (entry) => `${entry.id} (${entry.control}): Kubescape ${entry.expected}, meshguard ${entry.actual}`,
      );
    expect(undocumented, 'add each to docs/conformance.md with the reason, or fix the rule').toEqual([]);
    const listed = [...docs.matchAll(/^\| (regolibrary\/[^|]+?) \((C-\d+)\) \|/gm)].map(
      (match) => `${match[1] ?? ''} (${match[2] ?? ''})`,
    );
    const stale = listed.filter(
      (id) => !disagreements.some((entry) => `${entry.id} (${entry.control})` === id),
    );
    expect(stale, 'these cases agree now: remove them from docs/conformance.md').toEqual([]);
  });

  it('maps as many Kubescape controls as when last measured', () => {
    expect(kubescapeMappings().size).toBeGreaterThanOrEqual(110);
  });
});
