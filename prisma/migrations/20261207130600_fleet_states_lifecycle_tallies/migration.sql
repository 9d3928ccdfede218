-- Issue 12, fleet overview and MTTR over the fleet at 1,000+ clusters: both read precomputed rows instead of
-- every cluster's scans and summaries (or every lifecycle row of the tenant) per request.
--
-- cluster_fleet_states: one row per cluster with what the overview sorts, filters and groups on (its last ended
-- scan, whether one is queued or running, its latest finished scan's numbers). Triggers on scans and scan_summaries
-- recompute the rows of the clusters a statement touched, so every write path (worker, API, system functions,
-- seeding) keeps them current. Nothing here depends on the clock: coverage (`stale`) is decided at read time.
--
-- finding_lifecycle_tallies: finding_lifecycles counted by what MTTR over the fleet reads (severity, rule, area,
-- first seen, resolved at; from_baseline for open ones), with resolved_at 'infinity' while a problem is open and
-- rows that are neither open nor resolved (waived) left out. Problems found or resolved by the same scan share a
-- row, so the fleet's MTTR aggregates distinct times instead of every problem. A statement trigger on
-- finding_lifecycles applies each statement's net change.

-- CreateTable
CREATE TABLE "cluster_fleet_states" (
    "tenant_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "last_scan_id" UUID,
    "last_status" "scan_status",
    "last_trigger" "scan_trigger",
    "last_requested_at" TIMESTAMPTZ(3),
    "last_finished_at" TIMESTAMPTZ(3),
    "last_failure_reason" TEXT,
    "active_scan_id" UUID,
    "latest_scan_id" UUID,
    "latest_collected_at" TIMESTAMPTZ(3),
    "latest_score" DOUBLE PRECISION,
    "latest_partial" BOOLEAN NOT NULL DEFAULT false,
    "latest_open_critical" INTEGER NOT NULL DEFAULT 0,
    "latest_open_high" INTEGER NOT NULL DEFAULT 0,
    "latest_open_medium" INTEGER NOT NULL DEFAULT 0,
    "latest_open_low" INTEGER NOT NULL DEFAULT 0,
    "latest_open_info" INTEGER NOT NULL DEFAULT 0,
    "latest_server_version" TEXT,
    "latest_gaps" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "cluster_fleet_states_pkey" PRIMARY KEY ("tenant_id","cluster_id")
);

-- CreateTable
CREATE TABLE "finding_lifecycle_tallies" (
    "tenant_id" UUID NOT NULL,
    "resolved_at" TIMESTAMPTZ(3) NOT NULL,
    "severity" "severity" NOT NULL,
    "rule_id" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "from_baseline" BOOLEAN NOT NULL,
    "findings" INTEGER NOT NULL,

    CONSTRAINT "finding_lifecycle_tallies_pkey" PRIMARY KEY ("tenant_id","resolved_at","severity","rule_id","area","first_seen_at","from_baseline")
);

-- AddForeignKey
ALTER TABLE "cluster_fleet_states" ADD CONSTRAINT "cluster_fleet_states_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cluster_fleet_states" ADD CONSTRAINT "cluster_fleet_states_tenant_id_cluster_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id") REFERENCES "clusters"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_lifecycle_tallies" ADD CONSTRAINT "finding_lifecycle_tallies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('cluster_fleet_states');
SELECT meshguard_isolate_tenant_table('finding_lifecycle_tallies');
GRANT SELECT, INSERT, UPDATE, DELETE ON cluster_fleet_states, finding_lifecycle_tallies TO meshguard_app;

-- Recomputes the fleet-state rows of some clusters of a tenant from their scans and summaries (the overview's former
-- per-request query). SECURITY INVOKER: row-level security applies to the caller.
CREATE FUNCTION meshguard_refresh_fleet_states(p_tenant uuid, p_clusters uuid[])
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
  INSERT INTO cluster_fleet_states AS f (tenant_id, cluster_id, last_scan_id, last_status, last_trigger, last_requested_at,
    last_finished_at, last_failure_reason, active_scan_id, latest_scan_id, latest_collected_at, latest_score,
    latest_partial, latest_open_critical, latest_open_high, latest_open_medium, latest_open_low, latest_open_info,
    latest_server_version, latest_gaps)
  SELECT c.tenant_id, c.id, ls.id, ls.status, ls.trigger, ls.requested_at, ls.finished_at, ls.failure_reason, act.id,
         fs.scan_id, fs.collected_at, fs.score, COALESCE(fs.partial, false), COALESCE(fs.open_critical, 0),
         COALESCE(fs.open_high, 0), COALESCE(fs.open_medium, 0), COALESCE(fs.open_low, 0), COALESCE(fs.open_info, 0),
         fsc.server_version,
         COALESCE((SELECT array_agg(DISTINCT g ->> 'kind') FROM jsonb_array_elements(
           CASE WHEN jsonb_typeof(fsc.coverage -> 'gaps') = 'array' THEN fsc.coverage -> 'gaps' ELSE '[]'::jsonb END) g), '{}')
    FROM clusters c
    LEFT JOIN LATERAL (
      SELECT id, status, trigger, requested_at, finished_at, failure_reason FROM scans s
       WHERE s.tenant_id = c.tenant_id AND s.cluster_id = c.id AND s.status IN ('succeeded', 'partial', 'failed')
       ORDER BY s.requested_at DESC, s.id DESC LIMIT 1) ls ON true
    LEFT JOIN LATERAL (
      SELECT id FROM scans s WHERE s.tenant_id = c.tenant_id AND s.cluster_id = c.id AND s.status IN ('queued', 'running')
       ORDER BY s.requested_at, s.id LIMIT 1) act ON true
    LEFT JOIN LATERAL (
      SELECT * FROM scan_summaries ss WHERE ss.tenant_id = c.tenant_id AND ss.cluster_id = c.id
       ORDER BY ss.collected_at DESC, ss.scan_id DESC LIMIT 1) fs ON true
    LEFT JOIN scans fsc ON fsc.id = fs.scan_id
   WHERE c.tenant_id = p_tenant AND c.id = ANY(p_clusters)
   ORDER BY c.id
  ON CONFLICT (tenant_id, cluster_id) DO UPDATE SET
    last_scan_id = EXCLUDED.last_scan_id, last_status = EXCLUDED.last_status, last_trigger = EXCLUDED.last_trigger,
    last_requested_at = EXCLUDED.last_requested_at, last_finished_at = EXCLUDED.last_finished_at,
    last_failure_reason = EXCLUDED.last_failure_reason, active_scan_id = EXCLUDED.active_scan_id,
    latest_scan_id = EXCLUDED.latest_scan_id, latest_collected_at = EXCLUDED.latest_collected_at,
    latest_score = EXCLUDED.latest_score, latest_partial = EXCLUDED.latest_partial,
    latest_open_critical = EXCLUDED.latest_open_critical, latest_open_high = EXCLUDED.latest_open_high,
    latest_open_medium = EXCLUDED.latest_open_medium, latest_open_low = EXCLUDED.latest_open_low,
    latest_open_info = EXCLUDED.latest_open_info, latest_server_version = EXCLUDED.latest_server_version,
    latest_gaps = EXCLUDED.latest_gaps;
$$;
GRANT EXECUTE ON FUNCTION meshguard_refresh_fleet_states(uuid, uuid[]) TO meshguard_app;

-- After each statement on scans or scan_summaries (`changed`: its new rows, or its old ones for DELETE): refresh the
-- clusters it touched. The transaction-scoped locks (one per tenant × cluster bucket, taken in order, at most 256)
-- come first so the refresh reads after any concurrent writer of the same clusters committed: without them, a scan
-- queued while another one commits could write back what it read before that commit.
CREATE FUNCTION meshguard_fleet_states_follow_scans()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('cluster_fleet_states:' || tenant_id || ':' || bucket, 0))
     FROM (SELECT DISTINCT tenant_id::text, abs(hashtext(cluster_id::text)) % 256 AS bucket FROM changed ORDER BY 1, 2) b;
  PERFORM meshguard_refresh_fleet_states(tenant_id, array_agg(DISTINCT cluster_id)) FROM changed GROUP BY tenant_id;
  RETURN NULL;
END $$;

CREATE TRIGGER fleet_states_after_insert AFTER INSERT ON scans REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_fleet_states_follow_scans();
CREATE TRIGGER fleet_states_after_update AFTER UPDATE ON scans REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_fleet_states_follow_scans();
CREATE TRIGGER fleet_states_after_delete AFTER DELETE ON scans REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_fleet_states_follow_scans();
CREATE TRIGGER fleet_states_after_insert AFTER INSERT ON scan_summaries REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_fleet_states_follow_scans();
CREATE TRIGGER fleet_states_after_update AFTER UPDATE ON scan_summaries REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_fleet_states_follow_scans();
CREATE TRIGGER fleet_states_after_delete AFTER DELETE ON scan_summaries REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_fleet_states_follow_scans();

-- The tally rows of some lifecycle rows (`source`: a query yielding finding_lifecycles columns and `change`, +1 or -1),
-- netted per tally key; rows neither open nor resolved count nowhere.
CREATE FUNCTION meshguard_lifecycle_tally_delta(source text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
  SELECT format($sql$
    SELECT tenant_id, COALESCE(resolved_at, 'infinity') AS resolved_at, severity, rule_id, area, first_seen_at,
           resolved_at IS NULL AND from_baseline AS from_baseline, sum(change)::int AS findings
      FROM (%s) l
     WHERE resolved_at IS NOT NULL OR status = 'open'
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(change) <> 0$sql$, source);
$$;
GRANT EXECUTE ON FUNCTION meshguard_lifecycle_tally_delta(text) TO meshguard_app;

-- After each statement on finding_lifecycles (`added`: new rows, `removed`: old rows): apply its net change to the
-- tallies in key order (concurrent scans lock shared keys in the same order), then drop the keys it emptied.
CREATE FUNCTION meshguard_tally_lifecycle_changes()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
  delta text := meshguard_lifecycle_tally_delta(CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS change FROM added'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS change FROM removed'
    ELSE 'SELECT *, 1 AS change FROM added UNION ALL SELECT *, -1 FROM removed' END);
BEGIN
  EXECUTE format($sql$
    INSERT INTO finding_lifecycle_tallies AS t (tenant_id, resolved_at, severity, rule_id, area, first_seen_at, from_baseline, findings)
    SELECT * FROM (%s) d ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (tenant_id, resolved_at, severity, rule_id, area, first_seen_at, from_baseline)
    DO UPDATE SET findings = t.findings + EXCLUDED.findings$sql$, delta);
  EXECUTE format($sql$
    DELETE FROM finding_lifecycle_tallies t USING (%s) d
     WHERE t.tenant_id = d.tenant_id AND t.resolved_at = d.resolved_at AND t.severity = d.severity AND t.rule_id = d.rule_id
       AND t.area = d.area AND t.first_seen_at = d.first_seen_at AND t.from_baseline = d.from_baseline AND t.findings = 0$sql$, delta);
  RETURN NULL;
END $$;

CREATE TRIGGER lifecycle_tallies_after_insert AFTER INSERT ON finding_lifecycles REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_tally_lifecycle_changes();
CREATE TRIGGER lifecycle_tallies_after_update AFTER UPDATE ON finding_lifecycles REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_tally_lifecycle_changes();
CREATE TRIGGER lifecycle_tallies_after_delete AFTER DELETE ON finding_lifecycles REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_tally_lifecycle_changes();

-- Existing data.
SELECT set_config('app.system', 'on', true);
SELECT meshguard_refresh_fleet_states(c.tenant_id, array_agg(c.id)) FROM clusters c GROUP BY c.tenant_id;
DO $$ BEGIN
  EXECUTE 'INSERT INTO finding_lifecycle_tallies ' || meshguard_lifecycle_tally_delta('SELECT *, 1 AS change FROM finding_lifecycles');
END $$;
SELECT set_config('app.system', 'off', true);
