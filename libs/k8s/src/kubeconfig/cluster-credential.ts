import { inspect } from 'node:util';

/** The accepted ways to authenticate: inline data only, nothing that reads files or runs commands. */
export type ClusterCredential =
  | { kind: 'bearer-token'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'client-certificate'; certPem: string; keyPem: string; token?: string };

export type CredentialKind = ClusterCredential['kind'];

/** Wraps a credential so that JSON.stringify, util.inspect and template strings never print its secret parts. */
export function redactedCredential<C extends ClusterCredential>(credential: C): C {
  const summary = { kind: credential.kind, redacted: true };
  return Object.defineProperties(
    { ...credential },
    {
      toJSON: { value: () => summary, enumerable: false },
      toString: { value: () => `[${credential.kind} credential]`, enumerable: false },
      [inspect.custom]: { value: () => summary, enumerable: false },
    },
  ) as C;
}
