import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { hasTenantContext, IdempotencyKeyRepository } from '@meshguard/db';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { requestContextOf } from '../auth/request-context.js';
import { DomainError } from '../problems/domain-error.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';

export const idempotencyKeyHeader = 'idempotency-key';
export const idempotencyKeyFormat = /^[\w.:-]{1,128}$/;

/**
 * Scopes an `Idempotency-Key` to tenant + route and the request's fingerprint (IETF draft
 * httpapi-idempotency-key-header): the same key with a different request is refused with 422 instead of being
 * answered with the first request's result. Repeats reach the handler, which returns what the first one created.
 * A key is remembered for IDEMPOTENCY_KEY_TTL_HOURS; after that the same key starts a new request.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly ttlMs: number;

  constructor(
    private readonly keys: IdempotencyKeyRepository,
    private readonly transactions: TenantTransactions,
    @Inject(MESHGUARD_CONFIG) config: MeshguardConfig,
  ) {
    this.ttlMs = config.api.idempotencyKeyTtlHours * 3600_000;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.header(idempotencyKeyHeader);
    if (key === undefined) return next.handle();
    if (!idempotencyKeyFormat.test(key)) {
      throw new DomainError('validation-failed', 'Idempotency-Key is malformed.', [
        { field: 'Idempotency-Key', message: '1-128 letters, digits, _ . : -' },
      ]);
    }
    const { tenantId } = requestContextOf(request).principal;
    const scope = `${request.method} ${String(request.route?.path ?? request.path)}`;
    const claim = () => this.keys.claim(tenantId, scope, key, fingerprintOf(request), new Date(Date.now() - this.ttlMs));
    // Inside the request's transaction when there is one, so a failed request rolls its claim back.
    return from(
      (hasTenantContext() ? claim() : this.transactions.run(tenantId, claim)).then((use) => {
        if (use === 'different-request') {
          throw new DomainError(
            'idempotency-key-reused',
            `Idempotency-Key ${key} was already used for a different request to ${scope}; send a new key for a new request.`,
            [{ field: 'Idempotency-Key', message: 'already used with different parameters or body' }],
          );
        }
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      }),
    );
  }
}

/** SHA-256 of what makes two requests to one route the same request: route parameters, query and body. */
function fingerprintOf(request: Request): string {
  return createHash('sha256')
    .update(canonicalJson({ params: request.params, query: request.query, body: request.body ?? null }))
    .digest('hex');
}

/** JSON with object keys sorted, so key order does not change the fingerprint (inputs are already depth-bounded). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
