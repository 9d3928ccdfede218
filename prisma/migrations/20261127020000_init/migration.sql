-- CreateEnum
CREATE TYPE "api_key_role" AS ENUM ('owner', 'admin', 'auditor');

-- CreateEnum
CREATE TYPE "cluster_access_level" AS ENUM ('read_only', 'write_capable', 'unknown');

-- CreateEnum
CREATE TYPE "scan_status" AS ENUM ('queued', 'running', 'succeeded', 'partial', 'failed');

-- CreateEnum
CREATE TYPE "scan_trigger" AS ENUM ('manual', 'schedule', 'api');

-- CreateEnum
CREATE TYPE "severity" AS ENUM ('critical', 'high', 'medium', 'low', 'info');

-- CreateEnum
CREATE TYPE "finding_status" AS ENUM ('open', 'excepted', 'accepted');

-- CreateEnum
CREATE TYPE "exposure" AS ENUM ('internet', 'cluster', 'isolated');

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "retention_days" INTEGER NOT NULL DEFAULT 90,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "role" "api_key_role" NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "data_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "master_key_id" TEXT NOT NULL,
    "wrapped_key" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rewrapped_at" TIMESTAMPTZ(3),

    CONSTRAINT "data_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clusters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "server_url" TEXT NOT NULL,
    "credential_ciphertext" BYTEA,
    "credential_key_id" UUID,
    "access_level" "cluster_access_level" NOT NULL DEFAULT 'unknown',
    "server_version" TEXT,
    "schedule_cron" TEXT,
    "schedule_timezone" TEXT NOT NULL DEFAULT 'UTC',
    "last_verified_at" TIMESTAMPTZ(3),
    "last_verification_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scans" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "status" "scan_status" NOT NULL DEFAULT 'queued',
    "trigger" "scan_trigger" NOT NULL,
    "idempotency_key" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "collected_at" TIMESTAMPTZ(3),
    "coverage" JSONB NOT NULL DEFAULT '{}',
    "summary" JSONB,
    "score" DOUBLE PRECISION,
    "rules_version" TEXT,
    "server_version" TEXT,

    CONSTRAINT "scans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "findings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "scan_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "severity" "severity" NOT NULL,
    "status" "finding_status" NOT NULL DEFAULT 'open',
    "fingerprint" TEXT NOT NULL,
    "resource_api_version" TEXT NOT NULL,
    "resource_kind" TEXT NOT NULL,
    "resource_namespace" TEXT,
    "resource_name" TEXT NOT NULL,
    "container" TEXT,
    "message" TEXT NOT NULL,
    "evidence" JSONB NOT NULL DEFAULT '[]',
    "exposure" "exposure",
    "exception_id" UUID,
    "first_seen_scan_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "actor_key_id" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',
    "source_ip" INET,
    "correlation_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenants_slug_key" ON "tenants"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_tenant_id_created_at_idx" ON "api_keys"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "data_keys_master_key_id_idx" ON "data_keys"("master_key_id");

-- CreateIndex
CREATE UNIQUE INDEX "data_keys_tenant_id_id_key" ON "data_keys"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "clusters_labels_idx" ON "clusters" USING GIN ("labels" jsonb_path_ops);

-- CreateIndex
CREATE UNIQUE INDEX "clusters_tenant_id_id_key" ON "clusters"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "clusters_tenant_id_name_key" ON "clusters"("tenant_id", "name") WHERE (deleted_at IS NULL);

-- CreateIndex
CREATE INDEX "scans_tenant_id_cluster_id_requested_at_idx" ON "scans"("tenant_id", "cluster_id", "requested_at");

-- CreateIndex
CREATE UNIQUE INDEX "scans_tenant_id_cluster_id_id_key" ON "scans"("tenant_id", "cluster_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "scans_tenant_id_idempotency_key_key" ON "scans"("tenant_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "scans_one_active_per_cluster_key" ON "scans"("tenant_id", "cluster_id") WHERE (status = ANY (ARRAY['queued'::scan_status, 'running'::scan_status]));

-- CreateIndex
CREATE INDEX "findings_tenant_id_scan_id_severity_id_idx" ON "findings"("tenant_id", "scan_id", "severity", "id");

-- CreateIndex
CREATE INDEX "findings_tenant_id_scan_id_rule_id_idx" ON "findings"("tenant_id", "scan_id", "rule_id");

-- CreateIndex
CREATE INDEX "findings_tenant_id_cluster_id_fingerprint_idx" ON "findings"("tenant_id", "cluster_id", "fingerprint");

-- CreateIndex
CREATE INDEX "findings_tenant_id_created_at_idx" ON "findings"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "findings_scan_id_fingerprint_key" ON "findings"("scan_id", "fingerprint");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_created_at_idx" ON "audit_events"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_tenant_id_target_type_target_id_idx" ON "audit_events"("tenant_id", "target_type", "target_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "data_keys" ADD CONSTRAINT "data_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clusters" ADD CONSTRAINT "clusters_tenant_id_credential_key_id_fkey" FOREIGN KEY ("tenant_id", "credential_key_id") REFERENCES "data_keys"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scans" ADD CONSTRAINT "scans_tenant_id_cluster_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id") REFERENCES "clusters"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_tenant_id_cluster_id_scan_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id", "scan_id") REFERENCES "scans"("tenant_id", "cluster_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_tenant_id_cluster_id_first_seen_scan_id_fkey" FOREIGN KEY ("tenant_id", "cluster_id", "first_seen_scan_id") REFERENCES "scans"("tenant_id", "cluster_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
