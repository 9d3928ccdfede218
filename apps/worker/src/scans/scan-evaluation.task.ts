import { encodeFindings } from '@meshguard/db/finding-encoding';
import { catalog, decodeSnapshot, evaluateRules } from '@meshguard/rules';
import type { ScanEvaluationInput, ScanEvaluationOutput } from './scan-evaluation.js';
import { findingRows, uniqueByFingerprint } from './scan-findings.js';
import { summarizeScan } from './scan-summary.js';

// Runs on a compute-pool thread (see scan-evaluation.ts); imports nothing that opens connections.

/** Decodes, evaluates, summarises and encodes one scan. */
export default function evaluateScan(input: ScanEvaluationInput): ScanEvaluationOutput {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return Math.round(elapsed);
  };
  const snapshot = decodeSnapshot(input.snapshot);
  const decodeMs = lap();
  const evaluated = evaluateRules(snapshot, catalog, { exceptions: input.exceptions });
  const report = { ...evaluated, findings: uniqueByFingerprint(evaluated.findings) };
  const evaluateMs = lap();
  const summary = summarizeScan(report, input.previous?.firstSeen, input.previous?.scanId ?? null);
  const summarizeMs = lap();
  const findings = encodeFindings(findingRows(report, input.previous, input.scanId));
  const encodeMs = lap();
  return {
    findings,
    summary,
    exceptions: report.exceptions,
    score: report.score.score,
    timings: { serializeMs: input.snapshot.encodeMs, decodeMs, evaluateMs, summarizeMs, encodeMs },
  };
}
