import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { TokenScope } from './token-scope.js';

export interface BasicAuthUser {
  password: string;
  scope: TokenScope;
}

/** Who made a request, or why nobody could be identified. */
export type AuthResult =
  | { ok: true; scope: TokenScope; method: 'token' | 'basic' | 'client-certificate' }
  | { ok: false; reason: string };

const noPermissions = (user: string, groups: string[]): TokenScope => ({
  user,
  groups: [...groups, 'system:authenticated'],
  clusterRules: [],
});

/**
 * Identifies the caller from a bearer token, basic auth, or a client certificate signed by the simulator's CA
 * (CN = user, O = groups). A certificate user that matches a scope's `user` gets that scope's permissions;
 * any other valid certificate authenticates with no permissions, as RBAC would treat it.
 */
export class Authenticator {
  constructor(
    private readonly tokens: Readonly<Record<string, TokenScope>>,
    private readonly basicUsers: Readonly<Record<string, BasicAuthUser>> = {},
  ) {}

  authenticate(req: IncomingMessage): AuthResult {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const bearer = /^Bearer\s+(.+)$/i.exec(header);
      if (bearer) {
        const scope = this.tokens[bearer[1]!.trim()];
        return scope ? { ok: true, scope, method: 'token' } : { ok: false, reason: 'invalid bearer token' };
      }
      const basic = /^Basic\s+(.+)$/i.exec(header);
      if (basic) {
        const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const user = this.basicUsers[decoded.slice(0, colon)];
        return colon > 0 && user && user.password === decoded.slice(colon + 1)
          ? { ok: true, scope: user.scope, method: 'basic' }
          : { ok: false, reason: 'invalid username or password' };
      }
      return { ok: false, reason: 'unsupported authorization scheme' };
    }
    const socket = req.socket as TLSSocket;
    if (typeof socket.getPeerCertificate === 'function') {
      const cert = socket.getPeerCertificate();
      if (cert && cert.subject && Object.keys(cert.subject).length > 0) {
        if (!socket.authorized)
          return {
            ok: false,
            reason: `client certificate not trusted: ${String(socket.authorizationError)}`,
          };
        const user = firstValue(cert.subject.CN);
        if (!user) return { ok: false, reason: 'client certificate has no common name' };
        const scope = Object.values(this.tokens).find((s) => s.user === user);
        return {
          ok: true,
          scope: scope ?? noPermissions(user, allValues(cert.subject.O)),
          method: 'client-certificate',
        };
      }
    }
    return { ok: false, reason: 'no credentials' };
  }
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function allValues(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
