import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Finding } from '@meshguard/rules';
import { CliError } from '../cli-io.js';

/** Whether a finding was already in the baseline report (same fingerprint) or is new since. */
export type BaselineState = 'new' | 'existing';

/** A finding of the baseline that the current scan no longer reports. */
export interface ResolvedFinding {
  ruleId: string;
  severity: string;
  resource: { apiVersion: string; kind: string; namespace?: string; name: string };
  container?: string;
  message: string;
  fingerprint: string;
}

/** What `--baseline` adds to a report. */
export interface BaselineComparison {
  file: string;
  new: number;
  existing: number;
  resolved: ResolvedFinding[];
}

const fingerprintPattern = /^[0-9a-f]{32}$/;

/** Reads a previous `meshguard scan --format json` report; anything else is refused with what is wrong. */
export async function readBaseline(
  cwd: string,
  file: string,
): Promise<{ path: string; findings: ResolvedFinding[] }> {
  const path = resolve(cwd, file);
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? `not JSON (${error.message})`
        : ((error as NodeJS.ErrnoException).code ?? String(error));
    throw new CliError(
      `cannot read baseline ${path}: ${reason}; give a report written by "meshguard scan --format json"`,
    );
  }
  const report = document as { tool?: { name?: unknown }; findings?: unknown };
  if (report?.tool?.name !== 'meshguard' || !Array.isArray(report.findings))
    throw new CliError(
      `baseline ${path} is not a meshguard JSON report (no tool.name "meshguard" and findings[]); give a report written by "meshguard scan --format json"`,
    );
  report.findings.forEach((finding: { fingerprint?: unknown }, index) => {
    if (typeof finding?.fingerprint !== 'string' || !fingerprintPattern.test(finding.fingerprint))
      throw new CliError(
        `baseline ${path}: findings[${index}].fingerprint is not a 32-character hex fingerprint`,
      );
  });
  return { path, findings: report.findings as ResolvedFinding[] };
}

/** Marks each current finding new or existing by fingerprint and lists the baseline's findings that are gone. */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: { path: string; findings: readonly ResolvedFinding[] },
): { states: Map<string, BaselineState>; comparison: BaselineComparison } {
  const before = new Set(baseline.findings.map((finding) => finding.fingerprint));
  const now = new Set<string>();
  const states = new Map<string, BaselineState>();
  let fresh = 0;
  for (const finding of findings) {
    now.add(finding.fingerprint);
    const state: BaselineState = before.has(finding.fingerprint) ? 'existing' : 'new';
    if (state === 'new') fresh++;
    states.set(finding.fingerprint, state);
  }
  const resolved = baseline.findings
    .filter((finding) => !now.has(finding.fingerprint))
    .map(({ ruleId, severity, resource, container, message, fingerprint }) => ({
      ruleId,
      severity,
      resource,
      ...(container ? { container } : {}),
      message,
      fingerprint,
    }));
  return {
    states,
    comparison: { file: baseline.path, new: fresh, existing: findings.length - fresh, resolved },
  };
}
