import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { PUBLIC_ROUTE } from '../auth/auth.decorators.js';
import { requestContextOf } from '../auth/request-context.js';
import { OWN_TRANSACTIONS, TENANT_READS, TenantTransactions } from './tenant-transactions.js';

/**
 * Runs each authenticated request inside one database transaction scoped to the caller's tenant: PostgreSQL's
 * row-level security then hides every other tenant's rows, whatever a service or repository asks for. Routes that
 * talk to the network are marked OwnTransactions and open short transactions themselves around that I/O; hot read-only
 * pages are marked TenantReads and run without a transaction, each query carrying the tenant in its own round trip.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly transactions: TenantTransactions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) || this.reflector.getAllAndOverride<boolean>(OWN_TRANSACTIONS, targets)) {
      return next.handle();
    }
    const { principal } = requestContextOf(context.switchToHttp().getRequest<Request>());
    if (this.reflector.getAllAndOverride<boolean>(TENANT_READS, targets)) {
      return from(this.transactions.read(principal.tenantId, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
    }
    return from(this.transactions.run(principal.tenantId, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
