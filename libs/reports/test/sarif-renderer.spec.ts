import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReportModel } from '../src/index.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput } from './report-fixtures.js';
import { sarifValidator } from './validators.js';

const require = createRequire(import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'meshguard-sarif-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SarifLog {
  runs: { results: { level: string; ruleId: string; message: { id?: string; text?: string } }[] }[];
}

/** Runs Microsoft's SARIF multitool (SARIF spec and GitHub ingestion rules) and returns what it reports. */
function multitool(file: string): SarifLog['runs'][number]['results'] {
  const out = `${file}.validation.sarif`;
  const bin = require.resolve('@microsoft/sarif-multitool/bin.js');
  // bin.js runs the tool through a shell: the rule-kind list needs its own quotes so ';' is not a command separator.
  execFileSync(
    process.execPath,
    [bin, 'validate', file, '--rule-kind', '"Gh;Sarif"', '-o', out, '--log', 'ForceOverwrite'],
    {
      stdio: 'pipe',
    },
  );
  const log = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
  return log.runs.flatMap((run) => run.results ?? []);
}

describe('SARIF renderer', () => {
  const model = buildReportModel(fleetInput());

  it('is valid against the official SARIF 2.1.0 schema', async () => {
    const validate = sarifValidator();
    const log: unknown = JSON.parse((await renderToBuffer(model, 'sarif')).toString('utf8'));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    const wrong = log as { runs: { results: { level: string }[] }[] };
    wrong.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(wrong)).toBe(false);
  });

  it('passes the SARIF multitool with the SARIF and GitHub rules, which do flag a broken log', async () => {
    const file = join(dir, 'report.sarif');
    const bytes = await renderToBuffer(model, 'sarif');
    writeFileSync(file, bytes);
    const problems = multitool(file).filter(
      (result) => result.level === 'error' || result.level === 'warning',
    );
    expect(
      problems.map((problem) => `${problem.ruleId} ${problem.message.id ?? problem.message.text}`),
    ).toEqual([]);

    const broken = JSON.parse(bytes.toString('utf8')) as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0]!.results[0]!.locations;
    const brokenFile = join(dir, 'broken.sarif');
    writeFileSync(brokenFile, JSON.stringify(broken));
    expect(multitool(brokenFile).some((result) => result.level === 'error')).toBe(true);
  }, 180_000);

  it('describes the framework as a taxonomy with each control and its status', async () => {
    const log = JSON.parse((await renderToBuffer(model, 'sarif')).toString('utf8')) as {
      runs: { taxonomies: { name: string; taxa: { id: string; properties: { status: string } }[] }[] }[];
    };
    const taxonomy = log.runs[0]!.taxonomies[0]!;
    expect(taxonomy.name).toBe('cis-k8s-v1.10');
    expect(taxonomy.taxa.map((taxon) => [taxon.id, taxon.properties.status])).toEqual(
      model.controls.map((control) => [control.controlId, control.status]),
    );
  });
});
