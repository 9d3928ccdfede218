-- Compliance reports (issue 12): stored reports and their bytes, per-tenant Ed25519 signing keys, report schedules and
-- the email delivery log.

-- CreateEnum
CREATE TYPE "report_status" AS ENUM ('queued', 'running', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "report_format" AS ENUM ('json', 'csv', 'html', 'pdf', 'sarif', 'oscal');

-- CreateEnum
CREATE TYPE "report_trigger" AS ENUM ('api', 'schedule');

-- CreateEnum
CREATE TYPE "report_delivery_outcome" AS ENUM ('delivered', 'retryable', 'failed');

-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "framework" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "format" "report_format" NOT NULL,
    "status" "report_status" NOT NULL DEFAULT 'queued',
    "trigger" "report_trigger" NOT NULL,
    "schedule_id" UUID,
    "requested_by_key_id" UUID,
    "failure_reason" TEXT,
    "media_type" TEXT,
    "file_name" TEXT,
    "size_bytes" INTEGER,
    "digest" TEXT,
    "signature" TEXT,
    "signing_key_id" TEXT,
    "scans" JSONB NOT NULL DEFAULT '[]',
    "summary" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_chunks" (
    "tenant_id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "report_chunks_pkey" PRIMARY KEY ("report_id","seq")
);

-- CreateTable
CREATE TABLE "report_signing_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "key_id" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL DEFAULT 'ed25519',
    "public_key_pem" TEXT NOT NULL,
    "private_key_ciphertext" BYTEA NOT NULL,
    "private_key_data_key_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "report_signing_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_schedules" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "framework" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "formats" TEXT[],
    "email_recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "webhook" BOOLEAN NOT NULL DEFAULT true,
    "created_by_key_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_deliveries" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "report_id" UUID NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'email',
    "recipient" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "outcome" "report_delivery_outcome" NOT NULL,
    "attached" BOOLEAN NOT NULL DEFAULT false,
    "message_id" TEXT,
    "error" TEXT,
    "duration_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reports_tenant_id_created_at_id_idx" ON "reports"("tenant_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "reports_tenant_id_expires_at_idx" ON "reports"("tenant_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "reports_tenant_id_id_key" ON "reports"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "report_chunks_tenant_id_report_id_idx" ON "report_chunks"("tenant_id", "report_id");

-- CreateIndex
CREATE UNIQUE INDEX "report_signing_keys_tenant_id_key_id_key" ON "report_signing_keys"("tenant_id", "key_id");

-- CreateIndex
CREATE UNIQUE INDEX "report_signing_keys_one_active_key" ON "report_signing_keys"("tenant_id") WHERE (retired_at IS NULL);

-- CreateIndex
CREATE INDEX "report_schedules_tenant_id_created_at_id_idx" ON "report_schedules"("tenant_id", "created_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "report_schedules_tenant_id_id_key" ON "report_schedules"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "report_deliveries_tenant_id_report_id_created_at_idx" ON "report_deliveries"("tenant_id", "report_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "report_deliveries_report_id_channel_recipient_attempt_key" ON "report_deliveries"("report_id", "channel", "recipient", "attempt");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_chunks" ADD CONSTRAINT "report_chunks_tenant_id_report_id_fkey" FOREIGN KEY ("tenant_id", "report_id") REFERENCES "reports"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_signing_keys" ADD CONSTRAINT "report_signing_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_signing_keys" ADD CONSTRAINT "report_signing_keys_tenant_id_private_key_data_key_id_fkey" FOREIGN KEY ("tenant_id", "private_key_data_key_id") REFERENCES "data_keys"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_deliveries" ADD CONSTRAINT "report_deliveries_tenant_id_report_id_fkey" FOREIGN KEY ("tenant_id", "report_id") REFERENCES "reports"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('reports');
SELECT meshguard_isolate_tenant_table('report_chunks');
SELECT meshguard_isolate_tenant_table('report_signing_keys');
SELECT meshguard_isolate_tenant_table('report_schedules');
SELECT meshguard_isolate_tenant_table('report_deliveries');

-- A report's identity, scope and time never change; the worker fills in its outcome.
GRANT SELECT, INSERT, DELETE ON reports TO meshguard_app;
GRANT UPDATE (status, failure_reason, media_type, file_name, size_bytes, digest, signature, signing_key_id, scans, summary,
              started_at, finished_at) ON reports TO meshguard_app;
-- Stored bytes are written once and deleted with their report (or when a retried generation starts over).
GRANT SELECT, INSERT, DELETE ON report_chunks TO meshguard_app;
-- Signing keys are retired, never deleted, so every signature ever made stays verifiable.
GRANT SELECT, INSERT ON report_signing_keys TO meshguard_app;
GRANT UPDATE (retired_at) ON report_signing_keys TO meshguard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON report_schedules TO meshguard_app;
-- The delivery log is append-only for the application; it goes with its report.
GRANT SELECT, INSERT, DELETE ON report_deliveries TO meshguard_app;
