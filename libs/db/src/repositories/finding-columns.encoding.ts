// Type-only: erased when built, so a worker thread loading this module never loads Prisma.
import type { FindingToStore } from './scan-results.repository.js';

/** One finding as `commit` stores it: first seen carried over from the previous scan, or this scan. */
export type FindingRowToStore = FindingToStore & { firstSeenScanId: string };

/** One chunk of findings, each column as a single PostgreSQL array literal of its own type. */
export type FindingColumnLiterals = Record<
  | 'ruleId'
  | 'area'
  | 'severity'
  | 'status'
  | 'fingerprint'
  | 'apiVersion'
  | 'kind'
  | 'namespace'
  | 'name'
  | 'container'
  | 'message'
  | 'evidence'
  | 'exposure'
  | 'exceptionId'
  | 'firstSeenScanId',
  string
>;

/**
 * A scan's findings encoded for the store: chunks of column literals, one INSERT each, each chunk packed as bytes
 * (see packColumns) so an evaluation thread can move them to the thread that stores them without a copy, and that
 * thread turns one chunk at a time back into strings.
 */
export interface EncodedFindings {
  count: number;
  chunks: Uint8Array[];
}

const columnNames = [
  'ruleId',
  'area',
  'severity',
  'status',
  'fingerprint',
  'apiVersion',
  'kind',
  'namespace',
  'name',
  'container',
  'message',
  'evidence',
  'exposure',
  'exceptionId',
  'firstSeenScanId',
] as const satisfies readonly (keyof FindingColumnLiterals)[];
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The buffers of encoded findings, to list as transferables. */
export function encodedFindingBuffers(findings: EncodedFindings): ArrayBuffer[] {
  return findings.chunks.map((chunk) => chunk.buffer as ArrayBuffer);
}

/** One chunk's column literals back as strings, for its INSERT. */
export function unpackColumns(chunk: Uint8Array): FindingColumnLiterals {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const literals = {} as FindingColumnLiterals;
  let offset = 0;
  for (const name of columnNames) {
    const length = view.getUint32(offset);
    literals[name] = fromUtf8.decode(chunk.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return literals;
}

/** Packs a chunk's column literals as [length, UTF-8 bytes] per column, in columnNames order. */
function packColumns(literals: FindingColumnLiterals): Uint8Array {
  const encoded = columnNames.map((name) => utf8.encode(literals[name]));
  const packed = new Uint8Array(encoded.reduce((sum, bytes) => sum + 4 + bytes.byteLength, 0));
  const view = new DataView(packed.buffer);
  let offset = 0;
  for (const bytes of encoded) {
    view.setUint32(offset, bytes.byteLength);
    packed.set(bytes, offset + 4);
    offset += 4 + bytes.byteLength;
  }
  return packed;
}

/**
 * Rows per INSERT: one round trip each, small enough to keep each statement's memory modest. On the embedded database
 * each INSERT runs synchronously on the event loop, so this also bounds how long one blocks the API (10,000 rows took
 * 1-4 s under load; 2,000 about a fifth), while PostgreSQL only pays a few more round trips.
 */
export const findingChunkRows = 2_000;

/** Thrown when a scan's findings repeat a fingerprint: a rule bug, which would otherwise lose a finding silently. */
export class DuplicateFingerprintError extends Error {
  readonly code = 'duplicate-fingerprint';

  constructor(readonly duplicates: { fingerprint: string; ruleId: string; resource: string }[]) {
    const examples = duplicates
      .slice(0, 3)
      .map((duplicate) => `${duplicate.ruleId} on ${duplicate.resource} (${duplicate.fingerprint})`);
    super(
      `${duplicates.length} finding(s) repeat a fingerprint of the same scan, e.g. ${examples.join('; ')}; a fingerprint must name one problem`,
    );
    this.name = 'DuplicateFingerprintError';
  }
}

/** The store keys a scan's findings by fingerprint; a repeat is refused before anything is encoded or written. */
function assertUniqueFingerprints(findings: readonly FindingRowToStore[]): void {
  const seen = new Set<string>();
  const duplicates: DuplicateFingerprintError['duplicates'] = [];
  for (const finding of findings) {
    if (!seen.has(finding.fingerprint)) {
      seen.add(finding.fingerprint);
      continue;
    }
    const { kind, namespace, name } = finding.resource;
    duplicates.push({
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      resource: `${kind} ${namespace ? `${namespace}/` : ''}${name}`,
    });
  }
  if (duplicates.length > 0) throw new DuplicateFingerprintError(duplicates);
}

/** Encodes findings for ScanResultsRepository.commit. Pure and free of Prisma, so a worker thread can run it. */
export function encodeFindings(rows: readonly FindingRowToStore[]): EncodedFindings {
  // A repeat would be stored once (the store keys findings by fingerprint): refuse it loudly instead.
  assertUniqueFingerprints(rows);
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < rows.length; start += findingChunkRows)
    chunks.push(packColumns(encodeFindingColumns(rows.slice(start, start + findingChunkRows))));
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
