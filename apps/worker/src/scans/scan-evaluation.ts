import { defineComputeTask } from '@meshguard/compute';
import type { EncodedFindings } from '@meshguard/db';
import type { EncodedSnapshot, RuleException, ScanReport } from '@meshguard/rules';
import type { ScanSummary } from './scan-summary.js';

/** What the evaluation thread needs: the snapshot as bytes (moved, not copied) and the tenant's data for the diff. */
export interface ScanEvaluationInput {
  scanId: string;
  snapshot: EncodedSnapshot;
  exceptions: RuleException[];
  /** The previous finished scan: its id and fingerprint → first-seen scan id. */
  previous: { scanId: string; firstSeen: Map<string, string> } | undefined;
}

/** What comes back: the store's rows already encoded (strings), the summary and the score. No finding objects. */
export interface ScanEvaluationOutput {
  findings: EncodedFindings;
  summary: ScanSummary;
  exceptions: ScanReport['exceptions'];
  score: number | null;
  /**
   * Where the time went (ms). The crossing's price is serializeMs (on the collecting thread, page by page) plus
   * decodeMs (parsing on this thread); evaluateMs is the rules, encodeMs the store's row encoding.
   */
  timings: { serializeMs: number; decodeMs: number; evaluateMs: number; summarizeMs: number; encodeMs: number };
}

/**
 * The CPU-bound part of a scan, run on the compute pool so the event loop keeps serving HTTP and renewing job locks:
 * decode the snapshot, evaluate every rule (reachability included), summarise, encode the rows for the store.
 */
export const scanEvaluationTask = defineComputeTask<ScanEvaluationInput, ScanEvaluationOutput>(
  'scan-evaluation',
  import.meta.url,
  './scan-evaluation.task.js',
);
