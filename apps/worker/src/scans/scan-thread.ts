import { defineComputeTask } from '@meshguard/compute';
import type { ReportRuleOutcome } from '@meshguard/reports';
import type { EncodedFindings, PreviousScanFindings, ScanTrendNumbers } from '@meshguard/db';
import {
  KubeApiError,
  KubeconfigRejectedError,
  type EncodedCollectionResult,
  type KubeconfigProblem,
} from '@meshguard/k8s';
import type { RuleException, ScanReport, SnapshotHeader } from '@meshguard/rules';
import type { ScanSummary } from './scan-summary.js';

/** What the scan thread needs: the credential (moved, wiped after use) and the tenant's data for waivers and the diff. */
export interface ScanThreadInput {
  scanId: string;
  /** The plaintext kubeconfig; moved to the thread, which wipes it once the client has what it needs. */
  kubeconfig: Uint8Array;
  allowedAddresses: string[];
  exceptions: RuleException[];
  /** The cluster's open problems before this scan (fingerprint → first-seen scan and rule) and its last scan. */
  previous: PreviousScanFindings;
}

/** What comes back: the collection's account, the store's rows already encoded (strings), the summary and score. */
export type ScanThreadOutput =
  | {
      ok: true;
      collection: Omit<EncodedCollectionResult, 'snapshot'> & { header: SnapshotHeader };
      findings: EncodedFindings;
      summary: ScanSummary;
      exceptions: ScanReport['exceptions'];
      /** Each rule's outcome, kept with the scan for compliance reports (see storedRuleOutcomes). */
      ruleOutcomes: ReportRuleOutcome[];
      /** The cluster's first finished scan: nothing in it counts as new. */
      baseline: boolean;
      /** Rules this scan decided: their open problems that it did not find are resolved. */
      evaluatedRuleIds: string[];
      trend: ScanTrendNumbers;
      score: number | null;
      /** The NetworkPolicy reachability model the API serves (graph and query subset), gzip'd JSON; absent when too large. */
      connectivity?: ConnectivityModelBytes;
      /** Where the thread's time went (ms), and when the task began and ended (epoch ms, comparable across threads). */
      timings: {
        collectMs: number;
        evaluateMs: number;
        summarizeMs: number;
        encodeMs: number;
        startedAt: number;
        endedAt: number;
      };
    }
  | { ok: false; error: PortableScanError };

/** A scan's connectivity model as gzip'd JSON: the browser graph and the subset of the snapshot queries need. */
export interface ConnectivityModelBytes {
  version: number;
  graph: Uint8Array;
  subset: Uint8Array;
}

/** The errors the pipeline classifies by type, as plain data: class identity does not survive the thread boundary. */
export type PortableScanError =
  | { type: 'kube-api'; status: number; reason: string; path: string; message: string; retryable: boolean }
  | { type: 'kubeconfig-rejected'; problems: KubeconfigProblem[] };

/** Rebuilds the error the thread reported, so classifyScanError sees what it would have seen on this thread. */
export function rebuildScanError(error: PortableScanError): Error {
  if (error.type === 'kubeconfig-rejected') return new KubeconfigRejectedError(error.problems);
  return new KubeApiError(error.status, error.reason, error.path, error.message, error.retryable);
}

/**
 * The CPU-heavy part of a scan, on the compute pool so this process's event loop keeps serving HTTP and renewing job
 * locks: collect the snapshot (page by page: parsing, normalising, digesting Secret values), evaluate every rule with
 * the reachability model, summarise, and encode the rows for the store. Only the credential goes in and only strings
 * and counts come out, so nothing large crosses the thread boundary.
 */
export const scanThreadTask = defineComputeTask<ScanThreadInput, ScanThreadOutput>(
  'scan',
  import.meta.url,
  './scan-thread.task.js',
);
