-- CreateTable
CREATE TABLE "connectivity_models" (
    "scan_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "collected_at" TIMESTAMPTZ(3) NOT NULL,
    "graph" BYTEA NOT NULL,
    "subset" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "connectivity_models_pkey" PRIMARY KEY ("scan_id")
);

-- CreateIndex
CREATE INDEX "connectivity_models_tenant_id_cluster_id_collected_at_idx" ON "connectivity_models"("tenant_id", "cluster_id", "collected_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "connectivity_models_tenant_id_cluster_id_scan_id_key" ON "connectivity_models"("tenant_id", "cluster_id", "scan_id");

-- AddForeignKey
ALTER TABLE "connectivity_models" ADD CONSTRAINT "connectivity_models_tenant_id_cluster_id_scan_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id", "scan_id") REFERENCES "scans"("tenant_id", "cluster_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation: forced row-level security on tenant_id, like every tenant table.
SELECT meshguard_isolate_tenant_table('connectivity_models');
GRANT SELECT, INSERT, DELETE ON connectivity_models TO meshguard_app;
