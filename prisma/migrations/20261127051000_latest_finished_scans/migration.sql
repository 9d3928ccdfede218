-- The findings pages start from the latest finished scan of each cluster:
--   SELECT DISTINCT ON (cluster_id) id FROM scans WHERE status IN ('succeeded', 'partial')
--    ORDER BY cluster_id, finished_at DESC
-- This partial index serves it in order and holds the id, so neither the scan rows (with their JSON summaries) nor
-- a sort are needed. An index only: the table's row-level security is unchanged.

-- CreateIndex
CREATE INDEX "scans_latest_finished_idx" ON "scans"("tenant_id", "cluster_id", "finished_at" DESC, "id") WHERE (status = ANY (ARRAY['succeeded'::scan_status, 'partial'::scan_status]));
