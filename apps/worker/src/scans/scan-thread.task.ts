import { withTransfer } from '@meshguard/compute';
import { encodeFindings, encodedFindingBuffers } from '@meshguard/db/finding-encoding';
import {
  collectSnapshot,
  KubeApiError,
  KubeconfigRejectedError,
  prepareClusterAccess,
  type CollectionResult,
} from '@meshguard/k8s';
import {
  catalog,
  evaluateRules,
  podSpecSitesByNamespace,
  connectivityGraph,
  connectivityModelVersion,
  reachabilitySubset,
  type ClusterSnapshot,
  type SnapshotHeader,
} from '@meshguard/rules';
import { storedRuleOutcomes } from '@meshguard/reports';
import { findingRows } from './scan-findings.js';
import { evaluatedRuleIds, summarizeScan } from './scan-summary.js';
import type { ConnectivityModelBytes, ScanThreadInput, ScanThreadOutput } from './scan-thread.js';
import { gzipSync } from 'node:zlib';

// Runs on a compute-pool thread (see scan-thread.ts); opens no database or queue connection.

/** Collects, evaluates, summarises and encodes one scan. */
export default async function runScanOnThread(input: ScanThreadInput): Promise<ScanThreadOutput> {
  const startedAt = performance.timeOrigin + performance.now();
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return Math.round(elapsed);
  };
  let collection: CollectionResult | undefined;
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
          message: error.message.startsWith(`${error.path}: `)
            ? error.message.slice(error.path.length + 2)
            : error.message,
          retryable: error.retryable,
        },
      };
    if (error instanceof KubeconfigRejectedError)
      return { ok: false, error: { type: 'kubeconfig-rejected', problems: error.problems } };
    throw error;
  } finally {
    // The plaintext kubeconfig lives only in this buffer; wipe it as soon as the client has what it needs.
    input.kubeconfig.fill(0);
  }
  const collectMs = lap();
  if (!collection) throw new Error('collection ended without a snapshot');
  const account = {
    status: collection.status,
    kinds: collection.kinds,
    stats: collection.stats,
    header: headerOf(collection.snapshot),
  };
  const report = evaluate(collection, input);
  const workloadNamespaces = [...podSpecSitesByNamespace(collection.snapshot).keys()];
  // The reachability model the API serves, built while the snapshot is still here.
  const connectivity = connectivityModelOf(collection.snapshot);
  // From here on nothing refers to the snapshot, so its memory is free for the rows and the encoding.
  collection = undefined;
  const evaluateMs = lap();
  const summary = summarizeScan(report, input.previous.open, input.previous.scanId, workloadNamespaces);
  const summarizeMs = lap();
  const findings = encodeFindings(findingRows(report, input.previous, input.scanId));
  const encodeMs = lap();
  // The encoded rows move to the storing thread as bytes: no second copy of them exists at any moment.
  return withTransfer<ScanThreadOutput>(
    {
      ok: true,
      collection: account,
      findings,
      summary,
      exceptions: report.exceptions,
      ruleOutcomes: storedRuleOutcomes(report),
      baseline: summary.diff.baseline,
      evaluatedRuleIds: evaluatedRuleIds(report),
      trend: {
        score: summary.score,
        open: summary.findings.openBySeverity,
        waived: (summary.findings.byStatus.excepted ?? 0) + (summary.findings.byStatus.accepted ?? 0),
        new: summary.diff.new,
        resolved: summary.diff.resolved,
        scoreByFramework: summary.scoreByFramework,
        openByArea: summary.findings.openByArea,
        controlCounts: summary.controls.counts,
      },
      score: report.score.score,
      ...(connectivity ? { connectivity } : {}),
      timings: {
        collectMs,
        evaluateMs,
        summarizeMs,
        encodeMs,
        startedAt,
        endedAt: performance.timeOrigin + performance.now(),
      },
    },
    encodedFindingBuffers(findings),
  );
}

function headerOf(snapshot: ClusterSnapshot): SnapshotHeader {
  const { resources: _objects, ...header } = snapshot;
  return header;
}

/** A fingerprint names one problem: a repeat fails the scan loudly when encoded (DuplicateFingerprintError). */
function evaluate(collection: CollectionResult, input: ScanThreadInput) {
  return evaluateRules(collection.snapshot, catalog, { exceptions: input.exceptions });
}

/**
 * The reachability graph and query subset, gzip'd here so only compact bytes cross back to the main thread. A cluster
 * whose graph outgrows the engine's collections (preset L: "Map maximum size exceeded") gets no model: the scan's
 * verdicts stand, and the API answers that no model is stored for it.
 */
function connectivityModelOf(snapshot: ClusterSnapshot): ConnectivityModelBytes | undefined {
  try {
    return {
      version: connectivityModelVersion,
      graph: gzipSync(JSON.stringify(connectivityGraph(snapshot))),
      subset: gzipSync(JSON.stringify(reachabilitySubset(snapshot))),
    };
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
