import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@meshguard/db';

export const PUBLIC_ROUTE = 'meshguard:public';
export const MINIMUM_ROLE = 'meshguard:minimum-role';

/** Marks a route that needs no API key (health, docs). Every other route requires one. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The least role a route needs; without it, reads need `auditor` and writes need `admin`. */
export const RequireRole = (role: ApiKeyRole) => SetMetadata(MINIMUM_ROLE, role);

