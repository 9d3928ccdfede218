import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import type { Database } from '@meshguard/db';
import { DATABASE } from '../app/tokens.js';
import { collectingAfterCommit } from './after-commit.js';

export const OWN_TRANSACTIONS = 'meshguard:own-transactions';

/**
 * Marks a route whose handler talks to the network (a cluster, a webhook receiver's DNS): the request then runs
 * outside any database transaction and its service opens short ones itself with TenantTransactions.run, around the
 * network I/O, never across it. A slow cluster then holds no connection and no transaction, so it cannot stall
 * another tenant (the embedded database has a single connection).
 */
export const OwnTransactions = () => SetMetadata(OWN_TRANSACTIONS, true);

export const TENANT_READS = 'meshguard:tenant-reads';

/**
 * Marks a read-only route served on the read path: no transaction around the request; each query is one round trip
 * that carries the tenant (Database.withTenantReads), so a page costs one round trip instead of BEGIN, set_config,
 * the query and COMMIT. Row-level security applies as in a transaction. A handler that needs a transaction after all
 * (a rarer variant of the page) opens one with TenantTransactions.run.
 */
export const TenantReads = () => SetMetadata(TENANT_READS, true);

/** Opens tenant transactions: one per request (TenantTransactionInterceptor), or several short ones per OwnTransactions route. */
@Injectable()
export class TenantTransactions {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Runs `work` in one transaction of `tenantId`; its afterCommit hooks run once it has committed. */
  async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const { result, hooks } = await collectingAfterCommit(() => this.database.withTenant(tenantId, work));
    for (const hook of hooks) await hook();
    return result;
  }

  /** Runs read-only `work` in tenant reads of `tenantId` (see TenantReads). */
  read<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    return this.database.withTenantReads(tenantId, work);
  }
}
