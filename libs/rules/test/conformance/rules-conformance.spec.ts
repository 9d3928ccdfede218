import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corporaPresent, runConformance, type CorpusTool } from './corpus-cases.js';

const docs = readFileSync(
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/conformance.md'),
  'utf8',
);
/** Agreement floors at the time of writing; a drop means a rule regressed. */
const floors: Record<CorpusTool, number> = { polaris: 0.87, 'kube-score': 0.88, 'kube-linter': 0.8 };

describe.runIf(corporaPresent)('conformance with other scanners (../shared/corpora)', () => {
  it.each(['polaris', 'kube-score', 'kube-linter'] as const)(
    '%s: agreement through equivalents, every disagreement documented',
    (tool) => {
      const result = runConformance(tool);
      const disagreements = result.cases.filter((entry) => !entry.agree);
      console.info(
        `${tool}: ${result.cases.length - disagreements.length}/${result.cases.length} cases agree (${(result.agreement * 100).toFixed(1)}%), ${result.skipped} unmapped`,
      );
      expect(result.cases.length).toBeGreaterThan(20);
      expect(result.agreement).toBeGreaterThanOrEqual(floors[tool]);
      const undocumented = disagreements
        .filter((entry) => !docs.includes(`| ${entry.id} |`))
        .map((entry) => `${entry.id}: expected ${entry.expected}, meshguard ${entry.actual}`);
      expect(undocumented, 'add each to docs/conformance.md with the reason, or fix the rule').toEqual([]);
      const listed = [...docs.matchAll(/^\| ([a-z-]+\/[^|]+?) \|/gm)]
        .map((match) => match[1] ?? '')
        .filter((id) => id.startsWith(`${tool}/`));
      const stale = listed.filter((id) => !disagreements.some((entry) => entry.id === id));
      expect(stale, 'these cases agree now: remove them from docs/conformance.md').toEqual([]);
    },
  );
});
