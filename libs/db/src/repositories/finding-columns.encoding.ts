// Type-only: erased when built, so a worker thread loading this module never loads Prisma.
import type { FindingToStore } from './scan-results.repository.js';

/** One finding as `commit` stores it: first seen carried over from the previous scan, or this scan. */
export type FindingRowToStore = FindingToStore & { firstSeenScanId: string };

/** One chunk of findings, each column as a single PostgreSQL array literal of its own type. */
export type FindingColumnLiterals = Record<
  | 'ruleId' | 'area' | 'severity' | 'status' | 'fingerprint' | 'apiVersion' | 'kind' | 'namespace' | 'name'
  | 'container' | 'message' | 'evidence' | 'exposure' | 'exceptionId' | 'firstSeenScanId',
  string
>;

/**
 * A scan's findings encoded for the store: chunks of column literals, one INSERT each. Plain strings, so an
 * evaluation thread can build them and hand them over without a per-object copy.
 */
export interface EncodedFindings {
  count: number;
  chunks: FindingColumnLiterals[];
}

/** Rows per INSERT: one round trip each, small enough to keep each statement's memory modest. */
export const findingChunkRows = 10_000;

/** Encodes findings for ScanResultsRepository.commit. Pure and free of Prisma, so a worker thread can run it. */
export function encodeFindings(rows: readonly FindingRowToStore[]): EncodedFindings {
  const chunks: FindingColumnLiterals[] = [];
  for (let start = 0; start < rows.length; start += findingChunkRows)
    chunks.push(encodeFindingColumns(rows.slice(start, start + findingChunkRows)));
  return { count: rows.length, chunks };
}

function encodeFindingColumns(rows: readonly FindingRowToStore[]): FindingColumnLiterals {
  const column = (pick: (row: FindingRowToStore) => string | null) => arrayLiteral(rows.map(pick));
  return {
    ruleId: column((f) => f.ruleId),
    area: column((f) => f.area),
    severity: column((f) => f.severity),
    status: column((f) => f.status),
    fingerprint: column((f) => f.fingerprint),
    apiVersion: column((f) => f.resource.apiVersion),
    kind: column((f) => f.resource.kind),
    namespace: column((f) => f.resource.namespace),
    name: column((f) => f.resource.name),
    container: column((f) => f.container),
    message: column((f) => f.message),
    evidence: column((f) => JSON.stringify(f.evidence ?? [])),
    exposure: column((f) => f.exposure),
    exceptionId: column((f) => f.exceptionId),
    firstSeenScanId: column((f) => f.firstSeenScanId),
  };
}

/** A PostgreSQL array literal: each element double-quoted with `\` and `"` escaped, NULL bare. */
function arrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((value) => (value === null ? 'NULL' : `"${value.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}
