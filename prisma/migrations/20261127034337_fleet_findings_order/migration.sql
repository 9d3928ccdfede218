-- CreateIndex
CREATE INDEX "findings_tenant_id_severity_id_idx" ON "findings"("tenant_id", "severity", "id");
