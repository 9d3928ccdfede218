import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@meshguard/db';

export const PUBLIC_ROUTE = 'meshguard:public';
export const MINIMUM_ROLE = 'meshguard:minimum-role';
export const OWN_TRANSACTIONS = 'meshguard:own-transactions';

/** Marks a route that needs no API key (health, docs). Every other route requires one. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The least role a route needs; without it, reads need `auditor` and writes need `admin`. */
export const RequireRole = (role: ApiKeyRole) => SetMetadata(MINIMUM_ROLE, role);

/**
 * Marks an authenticated route that streams a response: it gets no request-wide transaction and opens short tenant
 * transactions of its own (Database.withTenant with the caller's tenant), so none stays open while bytes travel.
 */
export const OwnTransactions = () => SetMetadata(OWN_TRANSACTIONS, true);
