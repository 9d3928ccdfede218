import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Database } from '@meshguard/db';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DATABASE } from '../app/tokens.js';
import { OWN_TRANSACTIONS, PUBLIC_ROUTE } from '../auth/auth.decorators.js';
import { requestContextOf } from '../auth/request-context.js';
import { collectingAfterCommit } from './after-commit.js';

/**
 * Runs each authenticated request inside one database transaction scoped to the caller's tenant: PostgreSQL's
 * row-level security then hides every other tenant's rows, whatever a service or repository asks for.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) || this.reflector.getAllAndOverride<boolean>(OWN_TRANSACTIONS, targets)) {
      return next.handle();
    }
    const { principal } = requestContextOf(context.switchToHttp().getRequest<Request>());
    return from(this.handleInTransaction(principal.tenantId, next));
  }

  private async handleInTransaction(tenantId: string, next: CallHandler): Promise<unknown> {
    const { result, hooks } = await collectingAfterCommit(() =>
      this.database.withTenant(tenantId, () => lastValueFrom(next.handle(), { defaultValue: undefined })),
    );
    for (const hook of hooks) await hook();
    return result;
  }
}
