/** A local (trusted) kubeconfig that cannot be used: missing, unreadable, no such context, a failing plugin. */
export class LocalKubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalKubeconfigError';
  }
}
