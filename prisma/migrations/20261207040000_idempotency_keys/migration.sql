-- Idempotency keys scoped to tenant + route, remembering the fingerprint of the request that first used each key
-- (issue 16: the same key sent with a different request answers 422 instead of replaying another request's result).

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "tenant_id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("tenant_id","scope","key")
);

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant isolation (see 20261127024500_tenant_isolation): forced row-level security and the runtime role's DML.
SELECT meshguard_isolate_tenant_table('idempotency_keys');
GRANT SELECT, INSERT ON idempotency_keys TO meshguard_app;
