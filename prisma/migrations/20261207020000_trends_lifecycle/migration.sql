-- Trends, fleet and MTTR (issue 12): scans.baseline marks a cluster's first finished scan; scan_summaries holds each
-- finished scan's numbers as typed columns (trends read them, never raw findings); finding_lifecycles keeps one row
-- per cluster × fingerprint so MTTR and finding age survive the retention of raw findings.

-- AlterTable
ALTER TABLE "scans" ADD COLUMN     "baseline" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "scan_summaries" (
    "tenant_id" UUID NOT NULL,
    "scan_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "collected_at" TIMESTAMPTZ(3) NOT NULL,
    "baseline" BOOLEAN NOT NULL DEFAULT false,
    "partial" BOOLEAN NOT NULL DEFAULT false,
    "score" DOUBLE PRECISION,
    "open_critical" INTEGER NOT NULL DEFAULT 0,
    "open_high" INTEGER NOT NULL DEFAULT 0,
    "open_medium" INTEGER NOT NULL DEFAULT 0,
    "open_low" INTEGER NOT NULL DEFAULT 0,
    "open_info" INTEGER NOT NULL DEFAULT 0,
    "waived" INTEGER NOT NULL DEFAULT 0,
    "new_findings" INTEGER NOT NULL DEFAULT 0,
    "resolved_findings" INTEGER NOT NULL DEFAULT 0,
    "score_by_framework" JSONB NOT NULL DEFAULT '{}',
    "open_by_area" JSONB NOT NULL DEFAULT '{}',
    "control_counts" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "scan_summaries_pkey" PRIMARY KEY ("tenant_id","cluster_id","scan_id")
);

-- CreateTable
CREATE TABLE "finding_lifecycles" (
    "tenant_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "severity" "severity" NOT NULL,
    "status" "finding_status" NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "resource_namespace" TEXT,
    "resource_name" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "first_seen_scan_id" UUID NOT NULL,
    "from_baseline" BOOLEAN NOT NULL DEFAULT false,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_scan_id" UUID NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_scan_id" UUID,
    "reopen_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "finding_lifecycles_pkey" PRIMARY KEY ("tenant_id","cluster_id","fingerprint")
);

-- CreateIndex
CREATE INDEX "scan_summaries_tenant_id_cluster_id_collected_at_idx" ON "scan_summaries"("tenant_id", "cluster_id", "collected_at" DESC);

-- CreateIndex
CREATE INDEX "scan_summaries_tenant_id_collected_at_idx" ON "scan_summaries"("tenant_id", "collected_at");

-- CreateIndex
CREATE INDEX "finding_lifecycles_open_idx" ON "finding_lifecycles"("tenant_id", "cluster_id") WHERE (resolved_at IS NULL);

-- CreateIndex
CREATE INDEX "finding_lifecycles_tenant_id_resolved_at_idx" ON "finding_lifecycles"("tenant_id", "resolved_at");

-- AddForeignKey
ALTER TABLE "scan_summaries" ADD CONSTRAINT "scan_summaries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_summaries" ADD CONSTRAINT "scan_summaries_tenant_id_cluster_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id") REFERENCES "clusters"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_summaries" ADD CONSTRAINT "scan_summaries_tenant_id_cluster_id_scan_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id", "scan_id") REFERENCES "scans"("tenant_id", "cluster_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_lifecycles" ADD CONSTRAINT "finding_lifecycles_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "finding_lifecycles" ADD CONSTRAINT "finding_lifecycles_tenant_id_cluster_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id") REFERENCES "clusters"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('scan_summaries');
SELECT meshguard_isolate_tenant_table('finding_lifecycles');
GRANT SELECT, INSERT, UPDATE, DELETE ON scan_summaries, finding_lifecycles TO meshguard_app;

-- Existing history. The first finished scan of each cluster is its baseline.
UPDATE scans s SET baseline = true
 WHERE s.id IN (SELECT DISTINCT ON (tenant_id, cluster_id) id FROM scans
                 WHERE status IN ('succeeded', 'partial') ORDER BY tenant_id, cluster_id, requested_at, id);

-- Summaries of earlier scans, from their JSON summary (by severity counted every status then, so waived findings are
-- included in the open counts of these old rows).
INSERT INTO scan_summaries (tenant_id, scan_id, cluster_id, collected_at, baseline, partial, score, open_critical,
                            open_high, open_medium, open_low, open_info, waived, new_findings, resolved_findings,
                            score_by_framework, open_by_area)
SELECT s.tenant_id, s.id, s.cluster_id, COALESCE(s.collected_at, s.finished_at, s.requested_at), s.baseline,
       s.status = 'partial', s.score,
       COALESCE((s.summary #>> '{findings,bySeverity,critical}')::int, 0),
       COALESCE((s.summary #>> '{findings,bySeverity,high}')::int, 0),
       COALESCE((s.summary #>> '{findings,bySeverity,medium}')::int, 0),
       COALESCE((s.summary #>> '{findings,bySeverity,low}')::int, 0),
       COALESCE((s.summary #>> '{findings,bySeverity,info}')::int, 0),
       COALESCE((s.summary #>> '{findings,byStatus,excepted}')::int, 0) + COALESCE((s.summary #>> '{findings,byStatus,accepted}')::int, 0),
       CASE WHEN s.baseline THEN 0 ELSE COALESCE((s.summary #>> '{diff,new}')::int, 0) END,
       COALESCE((s.summary #>> '{diff,resolved}')::int, 0),
       COALESCE(s.summary -> 'scoreByFramework', '{}'), COALESCE(s.summary #> '{findings,byArea}', '{}')
  FROM scans s
 WHERE s.status IN ('succeeded', 'partial') AND s.summary IS NOT NULL;

-- The open problems of each cluster: the findings of its latest finished scan, first seen where they say.
INSERT INTO finding_lifecycles (tenant_id, cluster_id, fingerprint, rule_id, area, severity, status, resource_kind,
                                resource_namespace, resource_name, first_seen_at, first_seen_scan_id, from_baseline,
                                last_seen_at, last_seen_scan_id)
SELECT f.tenant_id, f.cluster_id, f.fingerprint, f.rule_id, f.area, f.severity, f.status, f.resource_kind,
       f.resource_namespace, f.resource_name,
       COALESCE(first.collected_at, first.finished_at, s.collected_at, s.finished_at),
       COALESCE(f.first_seen_scan_id, f.scan_id), COALESCE(first.baseline, s.baseline),
       COALESCE(s.collected_at, s.finished_at), s.id
  FROM (SELECT DISTINCT ON (tenant_id, cluster_id) * FROM scans WHERE status IN ('succeeded', 'partial')
         ORDER BY tenant_id, cluster_id, requested_at DESC, id DESC) s
  JOIN findings f ON f.scan_id = s.id
  LEFT JOIN scans first ON first.id = f.first_seen_scan_id
ON CONFLICT DO NOTHING;
