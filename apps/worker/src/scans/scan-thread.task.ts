import { encodeFindings } from '@meshguard/db/finding-encoding';
import { collectSnapshot, KubeApiError, KubeconfigRejectedError, prepareClusterAccess, type CollectionResult } from '@meshguard/k8s';
import { gzipSync } from 'node:zlib';
import { catalog, connectivityGraph, connectivityModelVersion, evaluateRules, reachabilitySubset, type ClusterSnapshot } from '@meshguard/rules';
import { findingRows, uniqueByFingerprint } from './scan-findings.js';
import { summarizeScan } from './scan-summary.js';
import type { ConnectivityModelBytes, ScanThreadInput, ScanThreadOutput } from './scan-thread.js';

// Runs on a compute-pool thread (see scan-thread.ts); opens no database or queue connection.

/** Collects, evaluates, summarises and encodes one scan. */
export default async function runScanOnThread(input: ScanThreadInput): Promise<ScanThreadOutput> {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return Math.round(elapsed);
  };
  let collection: CollectionResult;
  try {
    const target = await prepareClusterAccess(input.kubeconfig, { allowedAddresses: input.allowedAddresses });
    collection = await collectSnapshot(target);
  } catch (error) {
    if (error instanceof KubeApiError)
      return {
        ok: false,
        error: {
          type: 'kube-api',
          status: error.status,
          reason: error.reason,
          path: error.path,
          message: error.message.startsWith(`${error.path}: `) ? error.message.slice(error.path.length + 2) : error.message,
          retryable: error.retryable,
        },
      };
    if (error instanceof KubeconfigRejectedError) return { ok: false, error: { type: 'kubeconfig-rejected', problems: error.problems } };
    throw error;
  } finally {
    // The plaintext kubeconfig lives only in this buffer; wipe it as soon as the client has what it needs.
    input.kubeconfig.fill(0);
  }
  const collectMs = lap();
  const { resources: _objects, ...header } = collection.snapshot;
  const evaluated = evaluateRules(collection.snapshot, catalog, { exceptions: input.exceptions });
  const report = { ...evaluated, findings: uniqueByFingerprint(evaluated.findings) };
  const evaluateMs = lap();
  const summary = summarizeScan(report, input.previous?.firstSeen, input.previous?.scanId ?? null);
  const summarizeMs = lap();
  const findings = encodeFindings(findingRows(report, input.previous, input.scanId));
  const connectivity = connectivityModelOf(collection.snapshot);
  const encodeMs = lap();
  return {
    ok: true,
    collection: { status: collection.status, kinds: collection.kinds, stats: collection.stats, header },
    findings,
    summary,
    exceptions: report.exceptions,
    score: report.score.score,
    connectivity,
    timings: { collectMs, evaluateMs, summarizeMs, encodeMs },
  };
}

/** The reachability graph and query subset, gzip'd here so only compact bytes cross back to the main thread. */
function connectivityModelOf(snapshot: ClusterSnapshot): ConnectivityModelBytes {
  return {
    version: connectivityModelVersion,
    graph: gzipSync(JSON.stringify(connectivityGraph(snapshot))),
    subset: gzipSync(JSON.stringify(reachabilitySubset(snapshot))),
  };
}
