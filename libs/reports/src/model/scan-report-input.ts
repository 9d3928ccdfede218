import type { ScanReport } from '@meshguard/rules';
import type { ReportRuleOutcome, ReportScanInput } from './report-input.js';

/**
 * A scan's input to the report from `evaluateRules` output directly (the CLI's offline path). `gaps` are the
 * snapshot's coverage gaps; the status is `partial` when there are any.
 */
export function scanInputFromEvaluation(
  report: ScanReport,
  scan: { scanId: string; gaps: ReportScanInput['gaps']; serverVersion?: string; rulesVersion?: string },
): ReportScanInput {
  return {
    scanId: scan.scanId,
    status: scan.gaps.length > 0 ? 'partial' : 'succeeded',
    collectedAt: report.collectedAt,
    gaps: scan.gaps,
    results: storedRuleOutcomes(report),
    findings: report.findings,
    ...(scan.serverVersion ? { serverVersion: scan.serverVersion } : {}),
    ...(scan.rulesVersion ? { rulesVersion: scan.rulesVersion } : {}),
  };
}

/**
 * The per-rule outcomes a report needs from a scan, small enough to keep with each stored scan (e.g. in its
 * summary, so reports over old scans survive the retention of raw findings' details).
 */
export function storedRuleOutcomes(report: Pick<ScanReport, 'results'>): ReportRuleOutcome[] {
  return report.results.map((result) => ({
    ruleId: result.ruleId,
    status: result.status,
    checked: result.checked,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
  }));
}
