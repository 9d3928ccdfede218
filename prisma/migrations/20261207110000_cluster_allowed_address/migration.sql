-- One address a single cluster may be contacted at although the address check blocks it (loopback for the bundled
-- demo cluster of POST /v1/demo-cluster, issue 13). Set only by the server, never from a request; checked alongside
-- the operator's CLUSTER_ADDRESS_ALLOWLIST, so the allowance never extends to the tenant's other clusters.

-- AlterTable
ALTER TABLE "clusters" ADD COLUMN "allowed_address" TEXT;
