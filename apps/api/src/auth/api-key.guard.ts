import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyRole, Database } from '@meshguard/db';
import type { Request, Response } from 'express';
import { DATABASE } from '../app/tokens.js';
import { correlationIdOf } from '../problems/correlation-id.js';
import { DomainError } from '../problems/domain-error.js';
import { FailedAuthenticationLimit } from '../rate-limit/failed-authentication-limit.js';
import { parseApiKey, secretMatches } from './api-key-secret.js';
import { MINIMUM_ROLE, PUBLIC_ROUTE } from './auth.decorators.js';
import { roleRank, type Principal } from './principal.js';
import { attachRequestContext } from './request-context.js';
import { VerifiedKeyCache } from './verified-key-cache.js';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every non-public route from `Authorization: Bearer <key>` and checks the key's role.
 * A 401 names its reason (missing, unknown, revoked, expired); revoked and expired are told only to a caller who presents
 * the key's whole secret, so anyone else learns nothing beyond "unknown".
 * A verified key is remembered for a few seconds (VerifiedKeyCache), so a busy client is not looked up on every request;
 * while it is in use, it is verified again in the background before it expires, so no request waits for that lookup.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(DATABASE) private readonly database: Database,
    private readonly verifiedKeys: VerifiedKeyCache,
    private readonly failedAuthentications: FailedAuthenticationLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const principal = await this.authenticate(request.header('authorization'), request.ip ?? 'unknown');
    const needed = this.reflector.getAllAndOverride<ApiKeyRole>(MINIMUM_ROLE, targets) ?? (readMethods.has(request.method) ? 'auditor' : 'admin');
    if (roleRank[principal.role] < roleRank[needed]) {
      throw new DomainError('forbidden', `This needs an API key with role ${needed} or higher; yours is ${principal.role}.`);
    }
    attachRequestContext(request, {
      principal,
      sourceIp: request.ip ?? null,
      correlationId: correlationIdOf(context.switchToHttp().getResponse<Response>()),
    });
    return true;
  }

  private async authenticate(header: string | undefined, address: string): Promise<Principal> {
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthenticated('missing', 'Send your API key as `Authorization: Bearer <key>`.');
    const remembered = this.verifiedKeys.lookup(token);
    if (remembered) {
      // A failed refresh has already forgotten the token (auth errors) or leaves it to expire (the database is down).
      if (remembered.refreshDue) this.verify(token, address).catch(() => undefined);
      return remembered.principal;
    }
    return this.verify(token, address);
  }

  /** Looks the key up, checks it and remembers it; an unknown, revoked or expired key is forgotten and refused. */
  private async verify(token: string, address: string): Promise<Principal> {
    try {
      return await this.lookUp(token, address);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'unauthenticated') this.verifiedKeys.forget(token);
      throw error;
    }
  }

  private async lookUp(token: string, address: string): Promise<Principal> {
    const ticket = this.verifiedKeys.ticket();
    await this.failedAuthentications.assertAllowed(address);
    const parsed = parseApiKey(token);
    const key = parsed ? await this.database.system.findApiKeyByPrefix(parsed.prefix) : undefined;
    if (!parsed || !key || !secretMatches(parsed.secret, key.secretHash)) {
      await this.failedAuthentications.recordFailure(address);
      throw unauthenticated('unknown', 'The API key is unknown: check that it was copied whole.');
    }
    // Only the holder of the whole secret learns that it was revoked or expired, so a guesser learns nothing.
    if (key.revokedAt !== null) {
      await this.failedAuthentications.recordFailure(address);
      throw unauthenticated('revoked', 'The API key was revoked; ask an owner for a new one.');
    }
    if (key.expiresAt !== null && key.expiresAt <= new Date()) {
      await this.failedAuthentications.recordFailure(address);
      throw unauthenticated('expired', 'The API key has expired; ask an owner for a new one.');
    }
    await this.database.system.touchApiKey(key.keyId);
    const principal: Principal = { tenantId: key.tenantId, keyId: key.keyId, keyPrefix: parsed.prefix, role: key.role };
    this.verifiedKeys.remember(token, principal, key.expiresAt, ticket);
    return principal;
  }
}

/** Why a request was not authenticated: the `reason` member of the 401 problem, for clients to explain it. */
export type UnauthenticatedReason = 'missing' | 'unknown' | 'revoked' | 'expired';

function unauthenticated(reason: UnauthenticatedReason, message: string): DomainError {
  return new DomainError('unauthenticated', message, [], { reason });
}
