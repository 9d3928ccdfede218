import type { SqlSession } from '../migrations/sql-session.js';
import { runtimeRole } from './runtime-role.js';

/**
 * Lists every way the current schema falls short of fail-closed tenancy, read from the catalog (empty when sound):
 * a table with a tenant_id column (or `tenants` itself) without row-level security enabled and forced or without the
 * tenant_isolation policy; a table the runtime role can reach that is not such a tenant table; a runtime role that
 * is a superuser, bypasses RLS or owns anything.
 */
export async function findTenantIsolationGaps(session: SqlSession): Promise<string[]> {
  const gaps: string[] = [];
  const tables = await session.query<{
    name: string;
    tenant_column: string | null;
    enabled: boolean;
    forced: boolean;
    policy: string | null;
    app_privileges: string[];
  }>(
    `SELECT c.relname AS name,
            CASE WHEN c.relname = 'tenants' THEN 'id'
                 WHEN EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                 THEN 'tenant_id' END AS tenant_column,
            c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
            (SELECT pg_get_expr(p.polqual, p.polrelid) FROM pg_policy p
              WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation') AS policy,
            ARRAY(SELECT privilege FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS privilege
                   WHERE CASE WHEN privilege = 'DELETE' THEN has_table_privilege($1, c.oid, privilege)
                              ELSE has_any_column_privilege($1, c.oid, privilege) END) AS app_privileges
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY c.relname`,
    [runtimeRole],
  );
  for (const table of tables) {
    if (table.tenant_column === null) {
      if (table.app_privileges.length > 0) {
        gaps.push(
          `table ${table.name} has no tenant_id but ${runtimeRole} may ${table.app_privileges.join(', ')} it`,
        );
      }
      continue;
    }
    if (!table.enabled) gaps.push(`table ${table.name} does not have row-level security enabled`);
    if (!table.forced)
      gaps.push(`table ${table.name} does not force row-level security (its owner bypasses it)`);
    if (!table.policy?.includes(table.tenant_column) || !table.policy.includes('app.tenant_id')) {
      gaps.push(
        `table ${table.name} lacks the tenant_isolation policy on ${table.tenant_column} = app.tenant_id ` +
          `(call meshguard_isolate_tenant_table('${table.name}') in its migration)`,
      );
    }
  }
  const [role] = await session.query<{ superuser: boolean; bypassrls: boolean; owned: number }>(
    `SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
            (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
       FROM pg_roles r WHERE r.rolname = $1`,
    [runtimeRole],
  );
  if (!role) gaps.push(`role ${runtimeRole} does not exist`);
  else {
    if (role.superuser) gaps.push(`role ${runtimeRole} is a superuser`);
    if (role.bypassrls) gaps.push(`role ${runtimeRole} has BYPASSRLS`);
    if (role.owned > 0) gaps.push(`role ${runtimeRole} owns ${role.owned} relation(s)`);
  }
  return gaps;
}
