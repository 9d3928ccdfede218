-- Issue 12, the rest: fleet and label-group trends read pre-aggregated rollups instead of every cluster's summaries;
-- POST /v1/reports accepts an Idempotency-Key.
--
-- scan_summaries.labels: the cluster's labels when the scan was stored. A label group's trend counts each cluster
-- with the labels of its latest scan (relabelling takes effect at the next scan), so rollups never need rewriting.
--
-- trend_rollups: one row per (tenant, scope, 15-minute slot) where the scope changed; scope '*' is the fleet,
-- 'key=value' one label pair. A row holds the scope's state at the end of its slot (the latest summary of every
-- cluster then in scope, deleted clusters leaving at their deletion) and cumulative counters (scans, new, resolved)
-- up to that end. The state at any slot boundary is the latest row before it; every IANA zone's midnight is on a
-- 15-minute boundary, so day, week and month buckets in any zone read exact values.

-- AlterTable
ALTER TABLE "reports" ADD COLUMN     "idempotency_key" TEXT;

-- AlterTable
ALTER TABLE "scan_summaries" ADD COLUMN     "labels" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "trend_rollups" (
    "tenant_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "clusters" INTEGER NOT NULL DEFAULT 0,
    "scored" INTEGER NOT NULL DEFAULT 0,
    "score_tenths" INTEGER NOT NULL DEFAULT 0,
    "min_score" DOUBLE PRECISION,
    "open_critical" INTEGER NOT NULL DEFAULT 0,
    "open_high" INTEGER NOT NULL DEFAULT 0,
    "open_medium" INTEGER NOT NULL DEFAULT 0,
    "open_low" INTEGER NOT NULL DEFAULT 0,
    "open_info" INTEGER NOT NULL DEFAULT 0,
    "waived" INTEGER NOT NULL DEFAULT 0,
    "score_by_framework" JSONB NOT NULL DEFAULT '{}',
    "open_by_area" JSONB NOT NULL DEFAULT '{}',
    "control_counts" JSONB NOT NULL DEFAULT '{}',
    "scans" INTEGER NOT NULL DEFAULT 0,
    "new_findings" INTEGER NOT NULL DEFAULT 0,
    "resolved_findings" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "trend_rollups_pkey" PRIMARY KEY ("tenant_id","scope","slot")
);

-- CreateIndex
CREATE UNIQUE INDEX "reports_tenant_id_idempotency_key_key" ON "reports"("tenant_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "trend_rollups" ADD CONSTRAINT "trend_rollups_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('trend_rollups');
GRANT SELECT, INSERT, UPDATE, DELETE ON trend_rollups TO meshguard_app;

-- The state of a scope at `at`: every cluster's latest summary collected before `at` whose labels (at that scan)
-- contain `selector` ('{}': the fleet), clusters deleted before `at` left out. Scores are summed in tenths (scores
-- have one decimal) so sums and differences stay exact. Rollup writes and the per-cluster path both use it.
-- SECURITY INVOKER (the default): row-level security applies to the caller.
CREATE FUNCTION meshguard_trend_state(p_tenant uuid, p_selector jsonb, p_at timestamptz)
RETURNS TABLE (clusters int, scored int, score_tenths int, min_score float8, open_critical int, open_high int,
               open_medium int, open_low int, open_info int, waived int, score_by_framework jsonb, open_by_area jsonb,
               control_counts jsonb)
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $$
  WITH latest AS MATERIALIZED (
    SELECT l.* FROM clusters c
    CROSS JOIN LATERAL (
      SELECT ss.score, ss.open_critical, ss.open_high, ss.open_medium, ss.open_low, ss.open_info, ss.waived,
             ss.score_by_framework, ss.open_by_area, ss.control_counts, ss.labels
        FROM scan_summaries ss
       WHERE ss.tenant_id = c.tenant_id AND ss.cluster_id = c.id AND ss.collected_at < p_at
       ORDER BY ss.collected_at DESC LIMIT 1) l
    WHERE c.tenant_id = p_tenant AND (c.deleted_at IS NULL OR c.deleted_at >= p_at) AND l.labels @> p_selector)
  SELECT (SELECT count(*) FROM latest)::int, (SELECT count(score) FROM latest)::int,
         (SELECT COALESCE(sum(round(score * 10)), 0) FROM latest)::int, (SELECT min(score) FROM latest),
         (SELECT COALESCE(sum(open_critical), 0) FROM latest)::int, (SELECT COALESCE(sum(open_high), 0) FROM latest)::int,
         (SELECT COALESCE(sum(open_medium), 0) FROM latest)::int, (SELECT COALESCE(sum(open_low), 0) FROM latest)::int,
         (SELECT COALESCE(sum(open_info), 0) FROM latest)::int, (SELECT COALESCE(sum(waived), 0) FROM latest)::int,
         -- framework → [clusters reporting it, clusters with a score for it, sum of those scores in tenths]
         (SELECT COALESCE(jsonb_object_agg(key, jsonb_build_array(present, scored, tenths)), '{}') FROM (
            SELECT e.key, count(*) AS present, count(*) FILTER (WHERE jsonb_typeof(e.value) = 'number') AS scored,
                   COALESCE(sum(round((e.value #>> '{}')::numeric * 10)) FILTER (WHERE jsonb_typeof(e.value) = 'number'), 0) AS tenths
              FROM latest, jsonb_each(score_by_framework) e GROUP BY e.key) f),
         (SELECT COALESCE(jsonb_object_agg(key, total), '{}') FROM (
            SELECT e.key, sum(e.value::int) AS total FROM latest, jsonb_each_text(open_by_area) e GROUP BY e.key) a),
         (SELECT COALESCE(jsonb_object_agg(framework, counts), '{}') FROM (
            SELECT framework, jsonb_object_agg(status, total) AS counts FROM (
              SELECT f.key AS framework, s.key AS status, sum(s.value::int) AS total
                FROM latest, jsonb_each(control_counts) f, jsonb_each_text(f.value) s
               WHERE jsonb_typeof(f.value) = 'object' GROUP BY f.key, s.key) k GROUP BY framework) fw)
$$;
GRANT EXECUTE ON FUNCTION meshguard_trend_state(uuid, jsonb, timestamptz) TO meshguard_app;

-- The selector a rollup scope stands for: '*' → {} (the fleet), 'key=value' → {"key": "value"}.
CREATE FUNCTION meshguard_trend_scope_selector(p_scope text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = public, pg_temp
AS $$
  SELECT CASE WHEN p_scope = '*' THEN '{}'::jsonb
              ELSE jsonb_build_object(split_part(p_scope, '=', 1), substr(p_scope, length(split_part(p_scope, '=', 1)) + 2)) END
$$;
GRANT EXECUTE ON FUNCTION meshguard_trend_scope_selector(text) TO meshguard_app;

-- Rebuilds a tenant's rollups from its summaries: a row wherever a scope's state or counters change (a scan's slot,
-- a deleted cluster's slot), counters counted, state from meshguard_trend_state. Used for existing history here, by
-- the benchmark's seeding and by tests as a reference; scans keep them current one at a time (TrendRollupRepository).
CREATE FUNCTION meshguard_rebuild_trend_rollups(p_tenant uuid)
RETURNS void
LANGUAGE sql
SET search_path = public, pg_temp
AS $$
  DELETE FROM trend_rollups WHERE tenant_id = p_tenant;
  WITH summaries AS (
    SELECT ss.collected_at, ss.new_findings, ss.resolved_findings, ss.labels,
           date_bin('15 minutes', ss.collected_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS slot,
           lag(ss.labels) OVER (PARTITION BY ss.cluster_id ORDER BY ss.collected_at, ss.scan_id) AS previous_labels
      FROM scan_summaries ss WHERE ss.tenant_id = p_tenant),
  scan_scopes AS (
    SELECT s.slot, s.new_findings, s.resolved_findings, sc.scope
      FROM summaries s
      CROSS JOIN LATERAL (SELECT '*' AS scope UNION ALL SELECT e.key || '=' || e.value FROM jsonb_each_text(s.labels) e) sc),
  changes AS (
    SELECT slot, scope FROM scan_scopes
    UNION
    SELECT s.slot, e.key || '=' || e.value FROM summaries s, jsonb_each_text(COALESCE(s.previous_labels, '{}')) e
    UNION
    SELECT date_bin('15 minutes', c.deleted_at, TIMESTAMPTZ '2000-01-01 00:00:00+00'), sc.scope
      FROM clusters c
      CROSS JOIN LATERAL (SELECT ss.labels FROM scan_summaries ss WHERE ss.tenant_id = c.tenant_id AND ss.cluster_id = c.id
                           ORDER BY ss.collected_at DESC LIMIT 1) l
      CROSS JOIN LATERAL (SELECT '*' AS scope UNION ALL SELECT e.key || '=' || e.value FROM jsonb_each_text(l.labels) e) sc
     WHERE c.tenant_id = p_tenant AND c.deleted_at IS NOT NULL),
  counters AS (
    SELECT scope, slot, sum(scans) OVER w AS scans, sum(new_findings) OVER w AS new_findings, sum(resolved_findings) OVER w AS resolved_findings
      FROM (SELECT ch.scope, ch.slot, count(s.slot) AS scans, COALESCE(sum(s.new_findings), 0) AS new_findings,
                   COALESCE(sum(s.resolved_findings), 0) AS resolved_findings
              FROM changes ch LEFT JOIN scan_scopes s ON s.scope = ch.scope AND s.slot = ch.slot
             GROUP BY ch.scope, ch.slot) per_slot
    WINDOW w AS (PARTITION BY scope ORDER BY slot))
  INSERT INTO trend_rollups (tenant_id, scope, slot, clusters, scored, score_tenths, min_score, open_critical, open_high,
                             open_medium, open_low, open_info, waived, score_by_framework, open_by_area, control_counts,
                             scans, new_findings, resolved_findings)
  SELECT p_tenant, k.scope, k.slot, st.clusters, st.scored, st.score_tenths, st.min_score, st.open_critical, st.open_high,
         st.open_medium, st.open_low, st.open_info, st.waived, st.score_by_framework, st.open_by_area, st.control_counts,
         k.scans, k.new_findings, k.resolved_findings
    FROM counters k
    CROSS JOIN LATERAL meshguard_trend_state(p_tenant, meshguard_trend_scope_selector(k.scope), k.slot + interval '15 minutes') st;
$$;
GRANT EXECUTE ON FUNCTION meshguard_rebuild_trend_rollups(uuid) TO meshguard_app;

-- Existing history: the labels each summary was taken with are unknown, so the cluster's current ones stand in.
SELECT set_config('app.system', 'on', true);
UPDATE scan_summaries ss SET labels = c.labels FROM clusters c WHERE c.tenant_id = ss.tenant_id AND c.id = ss.cluster_id;
SELECT meshguard_rebuild_trend_rollups(t.id) FROM tenants t;
SELECT set_config('app.system', 'off', true);
