-- Issue 12, MTTR and finding age over the whole fleet at 50 req/s: finding_lifecycle_tallies (one row per distinct
-- group × first-seen × resolved time) did not compress once clusters scan at their own times, so a request still read
-- about one row per problem. Two aggregates replace it, both sized by time × group rather than by problems:
--
-- lifecycle_resolution_days: problems resolved, per UTC day of resolution × severity × rule × area × duration bucket
-- (log-spaced, 16 per doubling from one minute, meshguard_duration_bucket), with the exact sum of their durations in
-- ms. Counts and means over whole days are exact; a window's two partial edge days are read from finding_lifecycles;
-- median and p90 are interpolated within a bucket (within 2^(1/16) − 1 ≈ 4.4 % of the true value, or one minute).
--
-- lifecycle_open_hours: open problems (status open, not resolved), per UTC hour first seen × severity × rule × area,
-- with the exact sum of first-seen times in ms (mean age at any `now`), the earliest first-seen time (max age) and how
-- many date from the baseline scan. Median age is interpolated within an hour (within one hour of the true value).
--
-- A statement trigger on finding_lifecycles applies each statement's net change (an UPDATE that leaves a row's
-- severity, rule, area, status, first-seen and resolved times alone changes nothing), so every writer (scan commits,
-- cluster and tenant deletion, seeding) keeps them current.

-- CreateTable
CREATE TABLE "lifecycle_resolution_days" (
    "tenant_id" UUID NOT NULL,
    "day" INTEGER NOT NULL,
    "severity" "severity" NOT NULL,
    "rule_id" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "bucket" SMALLINT NOT NULL,
    "findings" INTEGER NOT NULL,
    "duration_ms" BIGINT NOT NULL,

    CONSTRAINT "lifecycle_resolution_days_pkey" PRIMARY KEY ("tenant_id","day","severity","rule_id","area","bucket")
);

-- CreateTable
CREATE TABLE "lifecycle_open_hours" (
    "tenant_id" UUID NOT NULL,
    "hour" INTEGER NOT NULL,
    "severity" "severity" NOT NULL,
    "rule_id" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "findings" INTEGER NOT NULL,
    "first_seen_ms" BIGINT NOT NULL,
    "from_baseline" INTEGER NOT NULL,
    "first_seen_min" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lifecycle_open_hours_pkey" PRIMARY KEY ("tenant_id","hour","severity","rule_id","area")
);

-- CreateIndex
CREATE INDEX "lifecycle_resolution_days_empty_idx" ON "lifecycle_resolution_days"("tenant_id") WHERE (findings = 0);

-- CreateIndex
CREATE INDEX "lifecycle_open_hours_stale_idx" ON "lifecycle_open_hours"("tenant_id") WHERE ((findings = 0) OR (first_seen_min = '-infinity'::timestamp with time zone));

-- CreateIndex
CREATE INDEX "finding_lifecycles_open_first_seen_idx" ON "finding_lifecycles"("tenant_id", "first_seen_at") WHERE ((resolved_at IS NULL) AND (status = 'open'::finding_status));

-- AddForeignKey
ALTER TABLE "lifecycle_resolution_days" ADD CONSTRAINT "lifecycle_resolution_days_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lifecycle_open_hours" ADD CONSTRAINT "lifecycle_open_hours_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('lifecycle_resolution_days');
SELECT meshguard_isolate_tenant_table('lifecycle_open_hours');
GRANT SELECT, INSERT, UPDATE, DELETE ON lifecycle_resolution_days, lifecycle_open_hours TO meshguard_app;

-- The duration bucket of a resolution (ms): 0 below one minute (and for a negative duration), then 16 per doubling,
-- bucket i ≥ 1 covering [60 000 × 2^((i−1)/16), 60 000 × 2^(i/16)) ms. Readers interpolate with the same bounds
-- (libs/db/src/repositories/duration-histogram.ts).
CREATE FUNCTION meshguard_duration_bucket(ms bigint)
RETURNS smallint
LANGUAGE sql
IMMUTABLE
AS $$
  SELECT CASE WHEN ms < 60000 THEN 0 ELSE 1 + floor(16 * ln(ms / 60000.0::float8) / ln(2::float8))::int END::smallint;
$$;
GRANT EXECUTE ON FUNCTION meshguard_duration_bucket(bigint) TO meshguard_app;

-- A time as integer ms since the epoch: what both MTTR paths sum, so their means divide the same numbers.
CREATE FUNCTION meshguard_epoch_ms(at timestamptz)
RETURNS bigint
LANGUAGE sql
IMMUTABLE
AS $$
  SELECT (extract(epoch FROM at) * 1000)::bigint;
$$;
GRANT EXECUTE ON FUNCTION meshguard_epoch_ms(timestamptz) TO meshguard_app;

-- The resolution-day rows of some lifecycle rows (`source`: a query yielding finding_lifecycles columns and `change`,
-- +1 or −1), netted per key.
CREATE FUNCTION meshguard_resolution_days_delta(source text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
  SELECT format($sql$
    SELECT tenant_id, floor(extract(epoch FROM resolved_at) / 86400)::int AS day, severity, rule_id, area,
           meshguard_duration_bucket(ms) AS bucket, sum(change)::int AS findings, sum(change * ms)::bigint AS duration_ms
      FROM (SELECT l.*, meshguard_epoch_ms(l.resolved_at) - meshguard_epoch_ms(l.first_seen_at) AS ms FROM (%s) l
             WHERE l.resolved_at IS NOT NULL) l
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(change) <> 0 OR sum(change * ms) <> 0$sql$, source);
$$;
GRANT EXECUTE ON FUNCTION meshguard_resolution_days_delta(text) TO meshguard_app;

-- The open-hour rows of some lifecycle rows, netted per key; `removed` marks keys that lost a row (their earliest
-- first-seen time is re-read from the lifecycle rows).
CREATE FUNCTION meshguard_open_hours_delta(source text)
RETURNS text
LANGUAGE sql
IMMUTABLE
AS $$
  SELECT format($sql$
    SELECT tenant_id, floor(extract(epoch FROM first_seen_at) / 3600)::int AS hour, severity, rule_id, area,
           sum(change)::int AS findings, sum(change * meshguard_epoch_ms(first_seen_at))::bigint AS first_seen_ms,
           COALESCE(sum(change) FILTER (WHERE from_baseline), 0)::int AS from_baseline,
           min(first_seen_at) FILTER (WHERE change > 0) AS first_seen_min, bool_or(change < 0) AS removed
      FROM (%s) l
     WHERE resolved_at IS NULL AND status = 'open'
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(change) <> 0 OR bool_or(change < 0)$sql$, source);
$$;
GRANT EXECUTE ON FUNCTION meshguard_open_hours_delta(text) TO meshguard_app;

-- After each statement on finding_lifecycles (`added`: new rows, `removed`: old rows): an UPDATE first drops the
-- pairs whose counted columns did not change (a scan bumps last_seen_at on every problem it sees again). The net
-- change is applied in key order (concurrent scans lock shared keys in the same order), emptied rows are dropped and
-- the earliest first-seen time of open keys that lost a row is re-read from the lifecycle rows (both found through
-- a partial index of such rows, which holds none between statements).
CREATE FUNCTION meshguard_mttr_follow_lifecycles()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
  -- Equality on the key first, so the pairing is a hash join.
  same text := 'a.tenant_id = r.tenant_id AND a.cluster_id = r.cluster_id AND a.fingerprint = r.fingerprint
    AND (a.severity, a.rule_id, a.area, a.status, a.first_seen_at, a.from_baseline, a.resolved_at)
    IS NOT DISTINCT FROM (r.severity, r.rule_id, r.area, r.status, r.first_seen_at, r.from_baseline, r.resolved_at)';
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT *, 1 AS change FROM added'
    WHEN 'DELETE' THEN 'SELECT *, -1 AS change FROM removed'
    ELSE format('SELECT a.*, 1 AS change FROM added a WHERE NOT EXISTS (SELECT FROM removed r WHERE %1$s)
      UNION ALL SELECT r.*, -1 FROM removed r WHERE NOT EXISTS (SELECT FROM added a WHERE %1$s)', same) END;
BEGIN
  EXECUTE format($sql$
    INSERT INTO lifecycle_resolution_days AS t (tenant_id, day, severity, rule_id, area, bucket, findings, duration_ms)
    SELECT * FROM (%s) d ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (tenant_id, day, severity, rule_id, area, bucket)
    DO UPDATE SET findings = t.findings + EXCLUDED.findings, duration_ms = t.duration_ms + EXCLUDED.duration_ms$sql$,
    meshguard_resolution_days_delta(source));
  -- A key that lost a row proposes '-infinity' (NOT NULL is checked before the conflict): its earliest first-seen time
  -- is re-read below, once, by index, instead of joining the statement's rows again.
  EXECUTE format($sql$
    INSERT INTO lifecycle_open_hours AS t (tenant_id, hour, severity, rule_id, area, findings, first_seen_ms, from_baseline, first_seen_min)
    SELECT tenant_id, hour, severity, rule_id, area, findings, first_seen_ms, from_baseline,
           CASE WHEN removed THEN '-infinity' ELSE first_seen_min END
      FROM (%s) d ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant_id, hour, severity, rule_id, area)
    DO UPDATE SET findings = t.findings + EXCLUDED.findings, first_seen_ms = t.first_seen_ms + EXCLUDED.first_seen_ms,
                  from_baseline = t.from_baseline + EXCLUDED.from_baseline,
                  first_seen_min = CASE WHEN EXCLUDED.first_seen_min = '-infinity' THEN EXCLUDED.first_seen_min
                                        ELSE least(t.first_seen_min, EXCLUDED.first_seen_min) END$sql$,
    meshguard_open_hours_delta(source));
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM lifecycle_resolution_days WHERE findings = 0;
    DELETE FROM lifecycle_open_hours WHERE findings = 0;
    UPDATE lifecycle_open_hours t SET first_seen_min = COALESCE((
      SELECT min(l.first_seen_at) FROM finding_lifecycles l
       WHERE l.tenant_id = t.tenant_id AND l.resolved_at IS NULL AND l.status = 'open'
         AND l.first_seen_at >= to_timestamp(t.hour * 3600.0) AND l.first_seen_at < to_timestamp((t.hour + 1) * 3600.0)
         AND l.severity = t.severity AND l.rule_id = t.rule_id AND l.area = t.area), 'infinity')
     WHERE t.first_seen_min = '-infinity';
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER lifecycle_tallies_after_insert ON finding_lifecycles;
DROP TRIGGER lifecycle_tallies_after_update ON finding_lifecycles;
DROP TRIGGER lifecycle_tallies_after_delete ON finding_lifecycles;
DROP FUNCTION meshguard_tally_lifecycle_changes();
DROP FUNCTION meshguard_lifecycle_tally_delta(text);
DROP TABLE finding_lifecycle_tallies;

CREATE TRIGGER mttr_after_insert AFTER INSERT ON finding_lifecycles REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_mttr_follow_lifecycles();
CREATE TRIGGER mttr_after_update AFTER UPDATE ON finding_lifecycles REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_mttr_follow_lifecycles();
CREATE TRIGGER mttr_after_delete AFTER DELETE ON finding_lifecycles REFERENCING OLD TABLE AS removed
  FOR EACH STATEMENT EXECUTE FUNCTION meshguard_mttr_follow_lifecycles();

-- Existing data.
SELECT set_config('app.system', 'on', true);
DO $$ BEGIN
  EXECUTE 'INSERT INTO lifecycle_resolution_days ' || meshguard_resolution_days_delta('SELECT *, 1 AS change FROM finding_lifecycles');
  EXECUTE 'INSERT INTO lifecycle_open_hours SELECT tenant_id, hour, severity, rule_id, area, findings, first_seen_ms, from_baseline, first_seen_min FROM ('
    || meshguard_open_hours_delta('SELECT *, 1 AS change FROM finding_lifecycles') || ') d';
END $$;
SELECT set_config('app.system', 'off', true);
