/** One reason a kubeconfig cannot be used: the field, what is wrong with it, and what to do instead. */
export interface KubeconfigProblem {
  /** Field path in the submitted file, e.g. `users[0].user.exec`; `(document)` for the file as a whole. */
  path: string;
  reason: string;
  fix: string;
}

/** Thrown when a kubeconfig is refused; `problems` lists every offending field, nothing was contacted or stored. */
export class KubeconfigRejectedError extends Error {
  readonly code = 'kubeconfig-rejected';

  constructor(readonly problems: KubeconfigProblem[]) {
    super(
      'kubeconfig rejected:\n' + problems.map((p) => `  ${p.path}: ${p.reason}. Fix: ${p.fix}`).join('\n'),
    );
    this.name = 'KubeconfigRejectedError';
  }
}
