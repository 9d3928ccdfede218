-- CreateEnum
CREATE TYPE "exception_mode" AS ENUM ('except', 'accept');

-- CreateEnum
CREATE TYPE "webhook_delivery_outcome" AS ENUM ('delivered', 'retryable', 'failed', 'gone');

-- CreateTable
CREATE TABLE "exceptions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "rule_id" TEXT,
    "cluster_id" UUID,
    "namespace_pattern" TEXT NOT NULL DEFAULT '*',
    "name_pattern" TEXT NOT NULL DEFAULT '*',
    "kind" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "container" TEXT,
    "justification" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "evidence_fingerprint" TEXT,
    "mode" "exception_mode" NOT NULL DEFAULT 'except',
    "created_by_key_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "exceptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "secret_ciphertext" BYTEA NOT NULL,
    "secret_key_id" UUID NOT NULL,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" "webhook_delivery_outcome" NOT NULL,
    "status_code" INTEGER,
    "duration_ms" INTEGER,
    "error" TEXT,
    "response_snippet" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "exceptions_tenant_id_created_at_idx" ON "exceptions"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "exceptions_tenant_id_expires_at_idx" ON "exceptions"("tenant_id", "expires_at") WHERE (revoked_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "exceptions_tenant_id_id_key" ON "exceptions"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "webhook_endpoints_tenant_id_created_at_idx" ON "webhook_endpoints"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_endpoints_tenant_id_id_key" ON "webhook_endpoints"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_tenant_id_endpoint_id_created_at_idx" ON "webhook_deliveries"("tenant_id", "endpoint_id", "created_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_tenant_id_created_at_idx" ON "webhook_deliveries"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_endpoint_id_event_id_attempt_key" ON "webhook_deliveries"("endpoint_id", "event_id", "attempt");

-- CreateIndex
CREATE INDEX "findings_tenant_id_exception_id_idx" ON "findings"("tenant_id", "exception_id") WHERE (exception_id IS NOT NULL);

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_tenant_id_exception_id_fkey" FOREIGN KEY ("tenant_id", "exception_id") REFERENCES "exceptions"("tenant_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_tenant_id_cluster_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id") REFERENCES "clusters"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_tenant_id_secret_key_id_fkey" FOREIGN KEY ("tenant_id", "secret_key_id") REFERENCES "data_keys"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_tenant_id_endpoint_id_fkey" FOREIGN KEY ("tenant_id", "endpoint_id") REFERENCES "webhook_endpoints"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('exceptions');
SELECT meshguard_isolate_tenant_table('webhook_endpoints');
SELECT meshguard_isolate_tenant_table('webhook_deliveries');

-- Waivers are revoked (revoked_at), not deleted, so findings keep pointing at the waiver that covered them.
GRANT SELECT, INSERT ON exceptions TO meshguard_app;
GRANT UPDATE (rule_id, cluster_id, namespace_pattern, name_pattern, kind, labels, container, justification, owner,
              expires_at, evidence_fingerprint, mode, revoked_at) ON exceptions TO meshguard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO meshguard_app;
-- The delivery log is append-only for the application; retention deletes old attempts.
GRANT SELECT, INSERT, DELETE ON webhook_deliveries TO meshguard_app;
