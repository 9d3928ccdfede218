-- CreateIndex
CREATE INDEX "findings_tenant_id_resource_namespace_severity_id_idx" ON "findings"("tenant_id", "resource_namespace", "severity", "id");
