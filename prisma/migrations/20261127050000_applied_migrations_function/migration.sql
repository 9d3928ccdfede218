-- Lets the runtime role see which migrations are applied, so an app started without migrating (with only the
-- runtime login, docs/tenancy.md) can refuse a database that is behind its code. The role cannot read
-- _prisma_migrations itself; this function returns names only. PL/pgSQL, so that creating it does not need the
-- table (replaying the migrations without Prisma's bookkeeping, as the drift tests do, still works).
CREATE FUNCTION meshguard_applied_migrations()
RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY
    SELECT migration_name::text FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL;
END $$;

REVOKE ALL ON FUNCTION meshguard_applied_migrations() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION meshguard_applied_migrations() TO meshguard_app;
