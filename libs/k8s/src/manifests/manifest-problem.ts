/** A document the loader could not use (or used with a caveat): which file, which document, and why. */
export interface ManifestProblem {
  file: string;
  /** 1-based position of the document in a multi-document file; absent when the whole file is the problem. */
  document?: number;
  /** 1-based position inside a `List` document's items. */
  item?: number;
  /** Line where the document starts, when known. */
  line?: number;
  reason: string;
  /** `error`: the document was skipped; `warning`: it was kept, with the caveat in `reason`. */
  severity: 'error' | 'warning';
}

/** Thrown when a manifests source itself is unusable (missing path, nothing to read); bad documents never throw. */
export class ManifestSourceError extends Error {
  readonly code = 'manifest-source-invalid';

  constructor(message: string) {
    super(message);
    this.name = 'ManifestSourceError';
  }
}

/** `file document 3 item 2 (line 40): reason` */
export function describeManifestProblem(problem: ManifestProblem): string {
  const where = [
    problem.file,
    problem.document !== undefined ? `document ${problem.document}` : '',
    problem.item !== undefined ? `item ${problem.item}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${where}${problem.line !== undefined ? ` (line ${problem.line})` : ''}: ${problem.reason}`;
}
