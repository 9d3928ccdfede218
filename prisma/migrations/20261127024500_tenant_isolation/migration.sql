-- Tenant isolation, enforced by PostgreSQL (docs/tenancy.md):
--   * every tenant-owned table has row-level security enabled AND forced, with a policy that shows and accepts only
--     the rows of the tenant named by the transaction-local setting app.tenant_id (no tenant set: no rows);
--   * the runtime connects as meshguard_app, a role that owns nothing, is no superuser and cannot bypass RLS, and
--     holds only the DML it needs;
--   * the few operations that must cross tenants are SECURITY DEFINER functions below. Nothing else bypasses RLS.
-- Prisma does not model any of this; the drift tests ignore it.

-- Roles are cluster-wide: several databases on one server share meshguard_app, so it is created only once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meshguard_app') THEN
    CREATE ROLE meshguard_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database's migration created it at the same moment
END $$;

DO $$
DECLARE
  app pg_roles%ROWTYPE;
BEGIN
  SELECT * INTO app FROM pg_roles WHERE rolname = 'meshguard_app';
  IF app.rolsuper OR app.rolbypassrls THEN
    RAISE EXCEPTION 'The role meshguard_app exists but is a superuser or has BYPASSRLS, so row-level security would not isolate tenants'
      USING HINT = 'As a superuser run: ALTER ROLE meshguard_app NOSUPERUSER NOBYPASSRLS; then migrate again.';
  END IF;
  -- The migrating user (the owner) switches every runtime connection to meshguard_app, so it must be a member.
  IF NOT pg_has_role(current_user, 'meshguard_app', 'MEMBER') THEN
    EXECUTE format('GRANT meshguard_app TO %I', current_user);
  END IF;
END $$;

-- PostgreSQL 15+ already refuses CREATE in public to ordinary roles; older servers granted it to everyone.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO meshguard_app;

-- Enables and forces RLS on one tenant-owned table with the tenant policy, plus the policy through which the
-- SECURITY DEFINER functions below (owned by the table owner, turning app.system on while they run) reach every tenant.
-- Later migrations call it for each new tenant-owned table.
CREATE FUNCTION meshguard_isolate_tenant_table(target regclass, tenant_column name DEFAULT 'tenant_id')
RETURNS void
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
  owner_role name := (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = target);
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format(
    $policy$CREATE POLICY tenant_isolation ON %1$s
      USING (%2$I = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (%2$I = NULLIF(current_setting('app.tenant_id', true), '')::uuid)$policy$,
    target, tenant_column);
  EXECUTE format(
    $policy$CREATE POLICY system_functions ON %1$s TO %2$I
      USING (current_setting('app.system', true) = 'on')
      WITH CHECK (current_setting('app.system', true) = 'on')$policy$,
    target, owner_role);
END $$;
REVOKE ALL ON FUNCTION meshguard_isolate_tenant_table(regclass, name) FROM PUBLIC;

SELECT meshguard_isolate_tenant_table('tenants', 'id');
SELECT meshguard_isolate_tenant_table('api_keys');
SELECT meshguard_isolate_tenant_table('data_keys');
SELECT meshguard_isolate_tenant_table('clusters');
SELECT meshguard_isolate_tenant_table('scans');
SELECT meshguard_isolate_tenant_table('findings');
SELECT meshguard_isolate_tenant_table('audit_events');

-- Tenants are created only through meshguard_create_tenant; their id never changes.
GRANT SELECT ON tenants TO meshguard_app;
GRANT UPDATE (name, slug, retention_days, updated_at) ON tenants TO meshguard_app;
-- Keys are revoked, not deleted; their secret, prefix and tenant never change.
GRANT SELECT, INSERT ON api_keys TO meshguard_app;
GRANT UPDATE (name, role, expires_at, last_used_at, revoked_at) ON api_keys TO meshguard_app;
-- Data keys are re-wrapped by rotation, never deleted while ciphertexts may reference them.
GRANT SELECT, INSERT ON data_keys TO meshguard_app;
GRANT UPDATE (master_key_id, wrapped_key, rewrapped_at) ON data_keys TO meshguard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON clusters, scans, findings TO meshguard_app;
-- The audit log is append-only for the application.
GRANT SELECT, INSERT ON audit_events TO meshguard_app;

-- The cross-tenant operations. Each runs as the owner with a fixed search_path (pg_temp last, so a temporary table
-- cannot stand in for ours) and turns app.system on only while it runs: the system_functions policy admits the owner
-- when it is on. (A function's own SET clause would be tidier, but PostgreSQL lets only superusers put a custom
-- setting there, and the owner need not be one.) The runtime role setting app.system itself gains nothing: that
-- policy is for the owner alone.

-- Authentication: the key with this public prefix, whatever its tenant.
CREATE FUNCTION meshguard_find_api_key(p_prefix text)
RETURNS TABLE (tenant_id uuid, key_id uuid, secret_hash text, role api_key_role, expires_at timestamptz, revoked_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  previous text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  RETURN QUERY
    SELECT k.tenant_id, k.id, k.secret_hash, k.role, k.expires_at, k.revoked_at
      FROM api_keys k
     WHERE k.prefix = p_prefix;
  PERFORM set_config('app.system', previous, true);
END $$;

-- Records that a key was used; skipped when it was recorded less than p_min_interval_ms ago (hot keys write rarely).
CREATE FUNCTION meshguard_touch_api_key(p_key_id uuid, p_min_interval_ms integer)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  previous text := coalesce(current_setting('app.system', true), '');
  touched boolean;
BEGIN
  PERFORM set_config('app.system', 'on', true);
  UPDATE api_keys k SET last_used_at = now()
   WHERE k.id = p_key_id
     AND (k.last_used_at IS NULL
          OR k.last_used_at <= now() - make_interval(secs => greatest(p_min_interval_ms, 0) / 1000.0));
  touched := FOUND;
  PERFORM set_config('app.system', previous, true);
  RETURN touched;
END $$;

-- Bootstrap check: how many tenants exist.
CREATE FUNCTION meshguard_count_tenants()
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  previous text := coalesce(current_setting('app.system', true), '');
  total bigint;
BEGIN
  PERFORM set_config('app.system', 'on', true);
  SELECT count(*) INTO total FROM tenants;
  PERFORM set_config('app.system', previous, true);
  RETURN total;
END $$;

-- A tenant and its first owner key, in one transaction. With p_only_if_empty it creates nothing (returns no row)
-- when any tenant exists; concurrent bootstraps are serialised so exactly one of them creates the first tenant.
CREATE FUNCTION meshguard_create_tenant(
  p_name text,
  p_slug text,
  p_key_name text,
  p_key_prefix text,
  p_key_secret_hash text,
  p_key_expires_at timestamptz,
  p_only_if_empty boolean
)
RETURNS TABLE (tenant_id uuid, key_id uuid)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  previous text := coalesce(current_setting('app.system', true), '');
  new_tenant uuid;
  new_key uuid;
BEGIN
  PERFORM set_config('app.system', 'on', true);
  IF p_only_if_empty THEN
    PERFORM pg_advisory_xact_lock(hashtext('meshguard_create_tenant'));
    IF EXISTS (SELECT FROM tenants) THEN
      PERFORM set_config('app.system', previous, true);
      RETURN;
    END IF;
  END IF;
  INSERT INTO tenants (name, slug) VALUES (p_name, p_slug) RETURNING id INTO new_tenant;
  INSERT INTO api_keys (tenant_id, name, prefix, secret_hash, role, expires_at)
       VALUES (new_tenant, p_key_name, p_key_prefix, p_key_secret_hash, 'owner', p_key_expires_at)
    RETURNING id INTO new_key;
  PERFORM set_config('app.system', previous, true);
  tenant_id := new_tenant;
  key_id := new_key;
  RETURN NEXT;
END $$;

-- Maintenance jobs (retention, key rotation): every tenant with its retention.
CREATE FUNCTION meshguard_list_tenants()
RETURNS TABLE (tenant_id uuid, retention_days integer)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
  previous text := coalesce(current_setting('app.system', true), '');
BEGIN
  PERFORM set_config('app.system', 'on', true);
  RETURN QUERY SELECT t.id, t.retention_days FROM tenants t ORDER BY t.created_at, t.id;
  PERFORM set_config('app.system', previous, true);
END $$;

REVOKE ALL ON FUNCTION
  meshguard_find_api_key(text),
  meshguard_touch_api_key(uuid, integer),
  meshguard_count_tenants(),
  meshguard_create_tenant(text, text, text, text, text, timestamptz, boolean),
  meshguard_list_tenants()
FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
  meshguard_find_api_key(text),
  meshguard_touch_api_key(uuid, integer),
  meshguard_count_tenants(),
  meshguard_create_tenant(text, text, text, text, text, timestamptz, boolean),
  meshguard_list_tenants()
TO meshguard_app;
